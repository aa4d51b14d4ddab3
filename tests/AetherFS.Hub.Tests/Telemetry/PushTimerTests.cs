using System.Diagnostics.Metrics;
using AetherFS.Hub.Telemetry;
using Microsoft.Extensions.Time.Testing;

namespace AetherFS.Hub.Tests.Telemetry;

public sealed class PushTimerTests
{
    // Distinct durations: the histogram is process-wide, and other tests publish with pushes of their own.
    private static readonly TimeSpan Timed = TimeSpan.FromSeconds(4321.25);

    [Fact]
    public void APushSeenStarting_IsTimedToItsTag_OnceFromItsFirstQuestion()
    {
        var time = new FakeTimeProvider();
        var timer = new PushTimer(time);
        using var recorded = new DurationRecorder();

        timer.Seen("a".PadLeft(32, '0'));
        time.Advance(TimeSpan.FromSeconds(1000));
        timer.Seen("a".PadLeft(32, '0'));
        time.Advance(Timed - TimeSpan.FromSeconds(1000));
        timer.Finished("a".PadLeft(32, '0'));
        timer.Finished("a".PadLeft(32, '0'));

        Assert.Equal(1, recorded.Count(Timed.TotalSeconds));
    }

    [Fact]
    public void PushesNotSeenStarting_AbandonedOrWithoutId_AreNotTimed()
    {
        var time = new FakeTimeProvider();
        var timer = new PushTimer(time);
        using var recorded = new DurationRecorder();

        timer.Seen("b".PadLeft(32, '0'));
        timer.Seen(null);
        time.Advance(TimeSpan.FromSeconds(1234.75));
        timer.Abandoned("b".PadLeft(32, '0'));
        timer.Finished("b".PadLeft(32, '0'));
        timer.Finished("c".PadLeft(32, '0'));
        timer.Finished(null);

        Assert.Equal(0, recorded.Count(1234.75));
    }

    [Fact]
    public void AFullTimer_ForgetsTheOldestPushes_AndKeepsTimingNewOnes()
    {
        var time = new FakeTimeProvider();
        var timer = new PushTimer(time);
        using var recorded = new DurationRecorder();

        for (var i = 0; i < PushTimer.MaxTracked; i++)
        {
            timer.Seen(i.ToString("x32"));
            time.Advance(TimeSpan.FromMilliseconds(1));
        }

        timer.Seen("new".PadLeft(32, '0'));
        time.Advance(TimeSpan.FromSeconds(2222.5));
        timer.Finished(0.ToString("x32"));
        timer.Finished("new".PadLeft(32, '0'));

        Assert.Equal(1, recorded.Count(2222.5));
        Assert.Equal(0, recorded.Count(2222.5 + PushTimer.MaxTracked / 1000.0));
    }

    /// <summary>Every measurement of <c>aetherfs.hub.push.duration</c> while it lives.</summary>
    private sealed class DurationRecorder : IDisposable
    {
        private readonly MeterListener _listener = new();
        private readonly List<double> _values = [];

        public DurationRecorder()
        {
            _listener.InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Name == "aetherfs.hub.push.duration")
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            };
            _listener.SetMeasurementEventCallback<double>((_, value, _, _) =>
            {
                lock (_values)
                {
                    _values.Add(value);
                }
            });
            _listener.Start();
        }

        public int Count(double seconds)
        {
            lock (_values)
            {
                return _values.Count(v => Math.Abs(v - seconds) < 1e-6);
            }
        }

        public void Dispose() => _listener.Dispose();
    }
}
