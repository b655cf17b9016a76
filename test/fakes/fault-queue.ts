/**
 * Injected faults in the order they were added, for the fake servers: a fault lets its first
 * `skip` matching requests through (default 0), then answers the next `times` (default 1).
 */
export class FaultQueue<F extends { times?: number; skip?: number }> {
  private entries: { fault: F; remaining: number; skip: number }[] = []

  add(fault: F): void {
    this.entries.push({ fault, remaining: fault.times ?? 1, skip: fault.skip ?? 0 })
  }

  clear(): void {
    this.entries = []
  }

  /** The fault that answers this request: the first live one that matches, unless it still skips. */
  take(matches: (fault: F) => boolean): F | undefined {
    const entry = this.entries.find(candidate => candidate.remaining > 0 && matches(candidate.fault))
    if (!entry) return undefined
    if (entry.skip > 0) {
      entry.skip--
      return undefined
    }
    entry.remaining--
    return entry.fault
  }
}
