using Microsoft.Extensions.Options;

namespace Ordo.Api.Infrastructure.Audit;

/// <summary>
/// Keeps a burst of identical authorization denials from becoming a burst of audit entries: every audit write takes the
/// chain's lock, so a caller repeating a forbidden request could otherwise slow every audited change down. The first
/// denial of a kind (same action, caller, address, resource type and details) in <see cref="AuditOptions.RefusalWindow"/>
/// is recorded; identical ones in the window are counted, and the next recorded one carries that count. Each denial is
/// still logged. Per instance and in memory: a count not yet carried by an entry is lost when the instance stops.
/// </summary>
public sealed class RefusalThrottle(IOptions<AuditOptions> options, TimeProvider time)
{
    // Beyond this many kinds in their window at once, denials are recorded one by one rather than tracked without bound.
    internal const int MaxTracked = 50_000;

    private readonly Dictionary<string, Window> _windows = new(StringComparer.Ordinal);

    /// <summary>
    /// Whether to record this denial; when it should be, <paramref name="unrecordedRepeats"/> is the number of identical
    /// denials counted, not recorded, since the last one that was.
    /// </summary>
    public bool ShouldRecord(string kind, out int unrecordedRepeats)
    {
        unrecordedRepeats = 0;
        var window = options.Value.RefusalWindow;
        if (window <= TimeSpan.Zero)
        {
            return true;
        }

        var now = time.GetUtcNow();
        lock (_windows)
        {
            if (_windows.TryGetValue(kind, out var current))
            {
                if (now < current.Until)
                {
                    current.Repeats++;
                    return false;
                }

                unrecordedRepeats = current.Repeats;
                current.Until = now + window;
                current.Repeats = 0;
                return true;
            }

            if (_windows.Count >= MaxTracked)
            {
                foreach (var (key, _) in _windows.Where(w => w.Value.Until <= now).ToList())
                {
                    _windows.Remove(key);
                }
            }

            if (_windows.Count < MaxTracked)
            {
                _windows[kind] = new Window { Until = now + window };
            }

            return true;
        }
    }

    private sealed class Window
    {
        public DateTimeOffset Until { get; set; }

        public int Repeats { get; set; }
    }
}
