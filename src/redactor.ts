/**
 * Knows every secret value of the run and removes them from text. Each value is handed to
 * `mask` (core.setSecret) the moment it is registered, so the runner hides it from the log
 * before it could first appear; `redact` is the second line of defence for our own messages
 * and for errors raised by libraries (which may quote URLs with query strings).
 */
export class Redactor {
  private readonly values = new Set<string>()
  private readonly mask: (value: string) => void

  constructor(mask: (value: string) => void) {
    this.mask = mask
  }

  register(value: string | undefined): void {
    if (!value || this.values.has(value)) return
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
    return result
  }
}
