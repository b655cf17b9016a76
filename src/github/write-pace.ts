import { HeldBack } from './errors.ts'

/**
 * GitHub's content-creation limits (reference/github.md §4.2): "no more than 80
 * content-generating requests per minute and no more than 500 per hour", for the whole App. Whether
 * a secret write counts as content creation is not documented: the pace assumes it does.
 */
export const WRITES_PER_MINUTE = 80
export const WRITES_PER_HOUR = 500
/** "No more than 100 concurrent requests", REST and GraphQL together. */
export const CONCURRENT_REQUESTS = 100

/** This job's share of the App's limits when `jobs` jobs use it at once. */
export function shareOf(jobs: number): { perMinute: number; perHour: number; concurrent: number } {
  const n = Math.max(1, Math.floor(jobs))
  return {
    perMinute: Math.max(1, Math.floor(WRITES_PER_MINUTE / n)),
    perHour: Math.max(1, Math.floor(WRITES_PER_HOUR / n)),
    concurrent: Math.max(1, Math.floor(CONCURRENT_REQUESTS / n)),
  }
}

/** Thrown by `WritePace.slot` when the next free slot lies beyond the run's deadline; `until`: when a slot frees. */
export class PaceExhausted extends HeldBack {
  constructor(freeAt: number) {
    super('PaceExhausted', 'this run has used its share of GitHub writes for now', freeAt)
  }
}

export interface WritePaceOptions {
  perMinute: number
  perHour: number
  /** How long one second of GitHub's limits lasts here (1000; tests shorten it). */
  secondMs: number
  /** Epoch ms by which every write must have been sent. */
  endsAt: () => number
}

/** A write's place in the windows: taken when it starts waiting, ended when its answer came. */
interface Slot {
  endedAt: number | undefined
}

/**
 * Paces writes to at most `perMinute` in any minute and `perHour` in any hour: a burst up to
 * the limit, then each further write when one of the window's writes has left it.
 *
 * A write counts from when its slot is granted until a window after its answer arrived (not
 * after it was sent): GitHub received it before answering, so however the latency varies, no
 * two writes GitHub counts in one window are more than the limit.
 */
export class WritePace {
  private readonly options: WritePaceOptions
  private readonly slots: Slot[] = []
  private readonly waiting: Array<{ resolve: (slot: Slot) => void; reject: (error: Error) => void }> = []
  private timer: NodeJS.Timeout | undefined

  constructor(options: WritePaceOptions) {
    this.options = options
  }

  /** Waits for a free slot; call the returned function once the write's answer (or failure) is in. */
  slot(): Promise<() => void> {
    return new Promise<Slot>((resolve, reject) => {
      this.waiting.push({ resolve, reject })
      this.pump()
    }).then(slot => () => {
      slot.endedAt ??= Date.now()
      this.pump()
    })
  }

  /** Fails every write still waiting (the run stops its GitHub requests). */
  stop(error: Error): void {
    for (const waiter of this.waiting.splice(0)) waiter.reject(error)
    clearTimeout(this.timer)
  }

  private pump(): void {
    clearTimeout(this.timer)
    this.timer = undefined
    const now = Date.now()
    const minute = 60 * this.options.secondMs
    const hour = 3600 * this.options.secondMs
    // Slots that left the hour's window are forgotten.
    while (this.slots.length > 0 && this.slots[0].endedAt !== undefined && this.slots[0].endedAt + hour <= now) this.slots.shift()
    while (this.waiting.length > 0) {
      const freeAt = Math.max(this.freeAt(minute, this.options.perMinute, now), this.freeAt(hour, this.options.perHour, now))
      if (freeAt <= now) {
        const slot: Slot = { endedAt: undefined }
        this.slots.push(slot)
        this.waiting.shift()?.resolve(slot)
        continue
      }
      if (freeAt === Infinity) return // every slot is in flight: an answer calls pump again
      if (freeAt > this.options.endsAt()) {
        this.stop(new PaceExhausted(freeAt))
        return
      }
      this.timer = setTimeout(() => this.pump(), freeAt - now)
      return
    }
  }

  /** When the window of `length` has room for one more write: now, a time, or Infinity (wait for an answer). */
  private freeAt(length: number, limit: number, now: number): number {
    const counted = this.slots.filter(slot => slot.endedAt === undefined || slot.endedAt + length > now)
    if (counted.length < limit) return now
    // The (counted - limit + 1) earliest-ending slots must leave the window first.
    const ends = counted.map(slot => (slot.endedAt === undefined ? Infinity : slot.endedAt + length)).sort((a, b) => a - b)
    return ends[counted.length - limit]
  }
}
