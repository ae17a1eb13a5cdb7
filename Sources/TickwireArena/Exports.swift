// Arena, the first Tickwire game, as a library: `ArenaGame.definition(mapsDirectory:)`
// to serve it next to your own game, and its rules, schema and views.
@_exported import Arena
