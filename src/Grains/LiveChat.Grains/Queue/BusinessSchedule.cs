namespace LiveChat.Grains.Queue;

using System.Globalization;
using System.Text.RegularExpressions;
using LiveChat.Grains.Common;

/// <summary>
/// Business hours (docs/rules.md B1, B2): what a valid schedule is, whether a queue is open at an
/// instant, and when it opens next. Pure functions of the schedule and the instant, so the queue
/// (its status) and the chat (refusing a live chat while closed, B3) decide alike from one clock.
/// Times are wall-clock times of the queue's zone: 09:00 is 09:00 there in summer and in winter.
/// </summary>
public static partial class BusinessSchedule
{
    /// <summary>How far ahead the next opening is looked for: a year covers the longest holiday list.</summary>
    public const int LookAheadDays = 370;
    /// <summary>Refuses (Rules.B1) a schedule that is incomplete, too large or not understood; null (always open) passes.</summary>
    public static void Validate(BusinessHours? hours)
    {
        if (hours is null) return;
        Zone(hours.TimeZone);
        if (hours.Weekly is null || hours.Holidays is null)
            throw Refuse.Invalid(Rules.B1, "Business hours need 'weekly' and 'holidays' lists (they may be empty).");
        if (hours.Weekly.Count > BusinessHours.MaxSlots)
            throw Refuse.Invalid(Rules.B1, $"Business hours hold at most {BusinessHours.MaxSlots} weekly openings.");
        if (hours.Holidays.Count > BusinessHours.MaxHolidays)
            throw Refuse.Invalid(Rules.B1, $"Business hours hold at most {BusinessHours.MaxHolidays} holidays.");
        var slots = hours.Weekly.Select(Parse).ToList();
        foreach (var day in slots.GroupBy(s => s.Day))
        {
            var ordered = day.OrderBy(s => s.Opens).ToList();
            for (var i = 1; i < ordered.Count; i++)
            {
                if (ordered[i].Opens < ordered[i - 1].Closes)
                    throw Refuse.Invalid(Rules.B1, $"Openings on {day.Key} overlap; list each hour once.");
            }
        }
        var dates = hours.Holidays.Select(ParseDate).ToList();
        if (dates.Distinct().Count() != dates.Count) throw Refuse.Invalid(Rules.B1, "Each holiday is listed once.");
    }

    /// <summary>B2: open at <paramref name="now"/>: no hours (always open), or within an opening of the local weekday that is no holiday.</summary>
    public static bool IsOpen(BusinessHours? hours, DateTimeOffset now)
    {
        if (hours is null) return true;
        var local = TimeZoneInfo.ConvertTime(now, Zone(hours.TimeZone));
        if (IsHoliday(hours, DateOnly.FromDateTime(local.DateTime))) return false;
        var time = local.TimeOfDay;
        return hours.Weekly.Select(Parse).Any(s => s.Day == local.DayOfWeek && s.Opens <= time && time < s.Closes);
    }

    /// <summary>
    /// The first opening after <paramref name="now"/> (UTC), or null when none lies within
    /// <see cref="LookAheadDays"/>. An opening in an hour the zone skips (spring forward) is at the
    /// first minute that exists after it; one in an hour the zone repeats (fall back), at its first occurrence.
    /// </summary>
    public static DateTimeOffset? NextOpening(BusinessHours? hours, DateTimeOffset now)
    {
        if (hours is null) return null;
        var zone = Zone(hours.TimeZone);
        var slots = hours.Weekly.Select(Parse).ToList();
        if (slots.Count == 0) return null;
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(now, zone).DateTime);
        for (var offset = 0; offset <= LookAheadDays; offset++)
        {
            var date = today.AddDays(offset);
            if (IsHoliday(hours, date)) continue;
            var opening = slots.Where(s => s.Day == date.DayOfWeek).OrderBy(s => s.Opens)
                .Select(s => ToInstant(zone, date.ToDateTime(TimeOnly.MinValue) + s.Opens))
                .Where(instant => instant > now && IsOpen(hours, instant))
                .Select(instant => (DateTimeOffset?)instant)
                .FirstOrDefault();
            if (opening is not null) return opening.Value.ToUniversalTime();
        }
        return null;
    }

    /// <summary>The zone of an IANA id (Rules.B1): known to the runtime, and IANA rather than a Windows name.</summary>
    public static TimeZoneInfo Zone(string? id)
    {
        if (string.IsNullOrWhiteSpace(id) || id.Length > BusinessHours.MaxTimeZoneLength || !ZoneIdShape().IsMatch(id)
            || !TimeZoneInfo.TryFindSystemTimeZoneById(id, out var zone) || !zone.HasIanaId)
            throw Refuse.Invalid(Rules.B1, $"'{Shorten(id)}' is not an IANA time zone id such as 'Europe/Berlin' or 'America/New_York'.");
        return zone;
    }

    private static bool IsHoliday(BusinessHours hours, DateOnly date) =>
        hours.Holidays.Contains(date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));

    private readonly record struct Slot(DayOfWeek Day, TimeSpan Opens, TimeSpan Closes);

    private static Slot Parse(OpeningSlot? slot)
    {
        if (slot is null) throw Refuse.Invalid(Rules.B1, "An opening must not be empty.");
        // By name only: Enum.TryParse would also take numbers and lists ("Monday, Tuesday" is their bitwise OR).
        if (Enum.GetValues<DayOfWeek>().FirstOrDefault(d => string.Equals(d.ToString(), slot.Day, StringComparison.OrdinalIgnoreCase)) is var day
            && !string.Equals(day.ToString(), slot.Day, StringComparison.OrdinalIgnoreCase))
            throw Refuse.Invalid(Rules.B1, $"'{Shorten(slot.Day)}' is not a day of the week (Monday to Sunday).");
        var opens = Time(slot.Opens, allowMidnightEnd: false);
        var closes = Time(slot.Closes, allowMidnightEnd: true);
        if (opens >= closes)
            throw Refuse.Invalid(Rules.B1, $"An opening on {day} closes ({slot.Closes}) after it opens ({slot.Opens}); split one across midnight into two days.");
        return new Slot(day, opens, closes);
    }

    private static TimeSpan Time(string? text, bool allowMidnightEnd)
    {
        if (allowMidnightEnd && text == "24:00") return TimeSpan.FromDays(1);
        if (text is null || !ClockTime().IsMatch(text))
            throw Refuse.Invalid(Rules.B1, $"'{Shorten(text)}' is not a time of day as HH:mm (00:00 to 23:59; a closing may be 24:00).");
        return TimeSpan.ParseExact(text, @"hh\:mm", CultureInfo.InvariantCulture);
    }

    private static DateOnly ParseDate(string? text) =>
        text is not null && text.Length == 10 && DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
            ? date
            : throw Refuse.Invalid(Rules.B1, $"'{Shorten(text)}' is not a date as yyyy-MM-dd.");

    /// <summary>The instant a local wall-clock time of the zone stands for (see <see cref="NextOpening"/> for skipped and repeated hours).</summary>
    private static DateTimeOffset ToInstant(TimeZoneInfo zone, DateTime local)
    {
        local = DateTime.SpecifyKind(local, DateTimeKind.Unspecified);
        // A skipped hour is at most a few hours long; step to the first minute that exists.
        for (var i = 0; i < 24 * 60 && zone.IsInvalidTime(local); i++) local = local.AddMinutes(1);
        var offset = zone.IsAmbiguousTime(local) ? zone.GetAmbiguousTimeOffsets(local).Max() : zone.GetUtcOffset(local);
        return new DateTimeOffset(local, offset);
    }

    private static string Shorten(string? text) => text is null ? "(none)" : TextHygiene.Clean(text.Length > 40 ? text[..40] + "…" : text);

    [GeneratedRegex(@"^(?:[01][0-9]|2[0-3]):[0-5][0-9]$")]
    private static partial Regex ClockTime();

    // Area/Location ids (Europe/Berlin, America/Argentina/Buenos_Aires, Etc/GMT+5) and single names (UTC): no dots, no path tricks.
    [GeneratedRegex(@"^[A-Za-z][A-Za-z0-9_+\-]*(?:/[A-Za-z0-9_+\-]+){0,2}$")]
    private static partial Regex ZoneIdShape();
}
