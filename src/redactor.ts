/** Shortest run of a secret that counts as a leak when it shows up on its own. */
const FRAGMENT = 12

/** ASCII-only lower case: keeps every index in place, unlike toLowerCase on all of Unicode. */
function foldAscii(text: string): string {
  return text.replace(/[A-Z]/g, ch => ch.toLowerCase())
}

/**
 * Knows every secret value of the run and removes them from text. Each value is handed to
 * `mask` (the runner's ::add-mask::) the moment it is registered, so the runner hides it from the log
 * before it could first appear; `redact` is the second line of defence for our own messages
 * and for errors raised by libraries (which may quote URLs with query strings).
 *
 * Secrets registered with `fragments` are also removed where only a part of them shows: a
 * token pasted into the wrong input would otherwise be quoted back cut short, lower-cased or
 * escaped, and the runner masks whole values only.
 */
export class Redactor {
  private readonly values = new Set<string>()
  private readonly fragments = new Set<string>()
  private readonly mask: (value: string) => void

  constructor(mask: (value: string) => void) {
    this.mask = mask
  }

  register(value: string | undefined, options: { fragments?: boolean } = {}): void {
    if (!value) return
    if (options.fragments ?? true) {
      const folded = foldAscii(value)
      for (let i = 0; i + FRAGMENT <= folded.length; i++) this.fragments.add(folded.slice(i, i + FRAGMENT))
    }
    if (this.values.has(value)) return
    this.values.add(value)
    this.mask(value)
    // Query strings carry the same values percent-encoded (an app token's `|` becomes %7C).
    for (const form of [encodeURIComponent(value), new URLSearchParams({ v: value }).toString().slice(2)]) {
      if (form !== value && !this.values.has(form)) {
        this.values.add(form)
        this.mask(form)
      }
    }
  }

  redact(text: string): string {
    let result = text
    // Longest first, so a value that contains another is removed whole.
    for (const value of [...this.values].sort((a, b) => b.length - a.length)) {
      result = result.split(value).join('***')
    }
    return this.redactFragments(result)
  }

  private redactFragments(text: string): string {
    if (this.fragments.size === 0 || text.length < FRAGMENT) return text
    const folded = foldAscii(text)
    const hidden = new Uint8Array(text.length)
    for (let i = 0; i + FRAGMENT <= folded.length; i++) {
      if (this.fragments.has(folded.slice(i, i + FRAGMENT))) hidden.fill(1, i, i + FRAGMENT)
    }
    let result = ''
    for (let i = 0; i < text.length; i++) {
      if (!hidden[i]) result += text[i]
      else if (i === 0 || !hidden[i - 1]) result += '***'
    }
    return result
  }
}
