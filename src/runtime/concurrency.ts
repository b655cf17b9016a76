/** Runs `work` on every item with at most `limit` in flight; results keep the input order. */
export async function mapWithLimit<T, R>(items: readonly T[], limit: number, work: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length)
  let next = 0
  async function worker(): Promise<void> {
    while (next < items.length) {
      const index = next++
      results[index] = await work(items[index], index)
    }
  }
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker))
  return results
}

/** A counting semaphore: at most `limit` holders at once, the others wait in order. */
export class Semaphore {
  private readonly limit: number
  private held = 0
  private readonly waiting: Array<() => void> = []

  constructor(limit: number) {
    this.limit = limit
  }

  async run<T>(work: () => Promise<T>): Promise<T> {
    if (this.held >= this.limit) await new Promise<void>(resolve => this.waiting.push(resolve))
    else this.held++
    try {
      return await work()
    } finally {
      // Hand the slot straight to the next waiter, so a newcomer cannot overtake it.
      const next = this.waiting.shift()
      if (next) next()
      else this.held--
    }
  }
}

/**
 * Runs two steps at once and waits for both, so that neither is still running (and logging)
 * when the other's failure ends the run; a failure of the first wins over one of the second.
 */
export async function both<A, B>(first: Promise<A>, second: Promise<B>): Promise<[A, B]> {
  const [a, b] = await Promise.allSettled([first, second])
  if (a.status === 'rejected') throw a.reason
  if (b.status === 'rejected') throw b.reason
  return [a.value, b.value]
}
