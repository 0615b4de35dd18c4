/// The calendar's working time from an instant on, as ascending, disjoint ranges of UTC seconds,
/// each with the local day it belongs to. It walks the zone's offset segments in order and, within
/// each, the local days and their spans, so each step costs one span and the walk is proportional
/// to the days it covers.
struct WorkingTimeIterator {
    let calendar: WorkingCalendar
    private var segment: Int
    private var offset: Int64
    private var localEnd: Int64
    private var cursor: Int64
    private var day: Int
    private var daySpans: [WorkingSpan]
    private var spanIndex = 0

    /// Working time at or after UTC second `start`.
    init(_ calendar: WorkingCalendar, from start: Int64) {
        self.calendar = calendar
        segment = calendar.zone.segment(containing: start)
        offset = 0
        localEnd = 0
        cursor = 0
        day = 0
        daySpans = []
        enterSegment(at: start)
    }

    private mutating func enterSegment(at utc: Int64) {
        let zone = calendar.zone
        offset = Int64(zone.offset(ofSegment: segment))
        let end = zone.end(ofSegment: segment)
        localEnd = end == Int64.max ? Int64.max : end + offset
        cursor = utc + offset
        day = ZoneRules.day(containing: cursor)
        daySpans = calendar.spans(onDay: day)
        spanIndex = 0
    }

    /// The next range of working time, and the local day (days since 1970) it falls on.
    mutating func next() -> (range: Range<Int64>, day: Int) {
        while true {
            let dayStart = Int64(day) * 86_400
            if dayStart >= localEnd {
                segment += 1
                enterSegment(at: calendar.zone.start(ofSegment: segment))
                continue
            }
            guard spanIndex < daySpans.count else {
                day += 1
                daySpans = calendar.spans(onDay: day)
                spanIndex = 0
                continue
            }
            let span = daySpans[spanIndex]
            spanIndex += 1
            let low = max(dayStart + Int64(span.start) * 60, cursor)
            let high = min(dayStart + Int64(span.end) * 60, localEnd)
            if low < high {
                return (low - offset..<high - offset, day)
            }
        }
    }
}

/// The time a clock counts from an instant on — the calendar's working time, or all time — less
/// the pauses, as ascending, disjoint ranges of UTC seconds.
struct CountedTimeIterator {
    /// Stands for "no end" in all-time ranges, far enough from `Int64.max` to subtract safely.
    static let endOfTime = Int64.max / 4

    private var working: WorkingTimeIterator?
    private var allTime: Range<Int64>?
    private let pauses: [Range<Int64>]
    private var pauseIndex = 0
    private var pending: Range<Int64>?

    /// Counted time at or after `start`: working time of `calendar` when `workingTime`, else all
    /// time; `pauses` ascending and disjoint.
    init(from start: Int64, workingTime: Bool, calendar: WorkingCalendar, pauses: [Range<Int64>]) {
        working = workingTime ? WorkingTimeIterator(calendar, from: start) : nil
        allTime = workingTime ? nil : start..<Self.endOfTime
        self.pauses = pauses
    }

    private mutating func source() -> Range<Int64>? {
        if working != nil { return working?.next().range }
        defer { allTime = nil }
        return allTime
    }

    /// The next range counted; nil only after the end of time.
    mutating func next() -> Range<Int64>? {
        while true {
            guard let piece = pending ?? source() else { return nil }
            pending = nil
            while pauseIndex < pauses.count, pauses[pauseIndex].upperBound <= piece.lowerBound { pauseIndex += 1 }
            guard pauseIndex < pauses.count, pauses[pauseIndex].lowerBound < piece.upperBound else { return piece }
            let pause = pauses[pauseIndex]
            if pause.upperBound < piece.upperBound { pending = pause.upperBound..<piece.upperBound }
            if pause.lowerBound > piece.lowerBound { return piece.lowerBound..<pause.lowerBound }
        }
    }
}
