"""Summarises an Autobahn fuzzingclient index.json per case group; exits 1 on any failure."""
import collections
import json
import sys

ACCEPTED = {"OK", "NON-STRICT", "INFORMATIONAL"}
UNIMPLEMENTED_OK = {"12", "13"}  # permessage-deflate is not offered

index = json.load(open(sys.argv[1]))
groups = collections.OrderedDict()
bad = []
for agent, results in index.items():
    for case_id in sorted(results, key=lambda c: [int(p) for p in c.split(".")]):
        result = results[case_id]
        group = case_id.split(".")[0]
        outcome = result["behavior"]
        close = result.get("behaviorClose", "OK")
        counts = groups.setdefault(group, collections.Counter())
        counts[outcome] += 1
        fine = outcome in ACCEPTED or (outcome == "UNIMPLEMENTED" and group in UNIMPLEMENTED_OK)
        if close not in ACCEPTED and not (outcome == "UNIMPLEMENTED" and group in UNIMPLEMENTED_OK):
            fine = False
        if not fine:
            bad.append((case_id, outcome, close))

print("group  cases  " + "  ".join(["OK", "NON-STRICT", "INFORMATIONAL", "UNIMPLEMENTED", "FAILED"]))
for group, counts in groups.items():
    total = sum(counts.values())
    other = total - sum(counts[k] for k in ("OK", "NON-STRICT", "INFORMATIONAL", "UNIMPLEMENTED"))
    print("%5s  %5d  %2d  %10d  %13d  %13d  %6d" % (group, total, counts["OK"], counts["NON-STRICT"],
          counts["INFORMATIONAL"], counts["UNIMPLEMENTED"], other))
for case_id, outcome, close in bad:
    print("FAILED case %s: behavior %s, close %s" % (case_id, outcome, close))
total = sum(sum(c.values()) for c in groups.values())
print("autobahn: %d passed, %d failed" % (total - len(bad), len(bad)))
sys.exit(1 if bad or total == 0 else 0)
