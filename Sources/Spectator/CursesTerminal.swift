import CNcurses
#if canImport(Glibc)
import Glibc
#endif

/// The only code that calls ncurses: draws a `CellGrid`, reads keys without blocking,
/// and puts the terminal back as it was on `restore()`, at exit, or after a crash-free quit.
public final class CursesTerminal: SpectatorTerminal {
    /// Whether curses owns the terminal; read by the atexit guard (main thread only).
    nonisolated(unsafe) private static var active = false

    /// The screen window from `initscr` (the `stdscr` global is not concurrency-safe to read).
    private let window: UnsafeMutablePointer<WINDOW>

    public init() {
        setlocale(LC_ALL, "")
        window = initscr()
        Self.active = true
        // Whatever way the process ends (exit(), a thrown error), the terminal comes back.
        atexit { CursesTerminal.restoreIfActive() }
        cbreak()
        noecho()
        keypad(window, true)
        nodelay(window, true)
        curs_set(0)
        if has_colors() {
            start_color()
            use_default_colors()
            for color in CellColor.allCases where color != .normal {
                let (foreground, background) = Self.colors(color)
                init_pair(Int16(color.rawValue), foreground, background)
            }
        }
    }

    public static func restoreIfActive() {
        guard active else { return }
        active = false
        endwin()
    }

    public func restore() { Self.restoreIfActive() }

    public var size: (width: Int, height: Int) {
        (Int(getmaxx(window)), Int(getmaxy(window)))
    }

    public func draw(_ grid: CellGrid) {
        for y in 0..<grid.height {
            // One write per run of cells with the same style.
            var x = 0
            while x < grid.width {
                let style = grid[x, y]
                var run = ""
                var end = x
                while end < grid.width, grid[end, y].color == style.color, grid[end, y].attributes == style.attributes {
                    run.append(grid[end, y].character)
                    end += 1
                }
                wattr_set(window, Self.attributes(style.attributes), Int16(style.color.rawValue), nil)
                wmove(window, Int32(y), Int32(x))
                waddnstr(window, run, -1)
                x = end
            }
        }
        wattr_set(window, 0, 0, nil)
        wrefresh(window)
    }

    public func readKeys() -> [Key] {
        var keys: [Key] = []
        while true {
            let code = wgetch(window)
            if code == ERR { break }
            if let key = Self.key(code) { keys.append(key) }
        }
        return keys
    }

    static func key(_ code: Int32) -> Key? {
        switch code {
        case KEY_UP: return .up
        case KEY_DOWN: return .down
        case KEY_LEFT: return .left
        case KEY_RIGHT: return .right
        case KEY_ENTER, 10, 13: return .enter
        case 9: return .tab
        case KEY_RESIZE: return .resize
        case 32...126: return .character(Character(Unicode.Scalar(UInt8(code))))
        default: return nil
        }
    }

    /// ncurses attribute bits (the A_* macros are not importable): NCURSES_BITS(1, n) = 1 << (n + 8).
    static func attributes(_ attributes: CellAttributes) -> attr_t {
        var bits: attr_t = 0
        if attributes.contains(.reverse) { bits |= 1 << 18 }
        if attributes.contains(.dim) { bits |= 1 << 20 }
        if attributes.contains(.bold) { bits |= 1 << 21 }
        return bits
    }

    static func colors(_ color: CellColor) -> (Int16, Int16) {
        let fallback: Int16 = -1  // the terminal's default (use_default_colors)
        switch color {
        case .normal: return (fallback, fallback)
        case .wall: return (Int16(COLOR_WHITE), fallback)
        case .floor: return (fallback, fallback)
        case .pickup: return (Int16(COLOR_GREEN), fallback)
        case .projectile: return (Int16(COLOR_YELLOW), fallback)
        case .header: return (Int16(COLOR_BLACK), Int16(COLOR_CYAN))
        case .message: return (Int16(COLOR_CYAN), fallback)
        case .warning: return (Int16(COLOR_RED), fallback)
        case .player1: return (Int16(COLOR_CYAN), fallback)
        case .player2: return (Int16(COLOR_MAGENTA), fallback)
        case .player3: return (Int16(COLOR_YELLOW), fallback)
        case .player4: return (Int16(COLOR_GREEN), fallback)
        case .player5: return (Int16(COLOR_RED), fallback)
        case .player6: return (Int16(COLOR_BLUE), fallback)
        }
    }
}
