/**
 * An error the user can act on. `step` says where the run stopped (shown in the summary),
 * `fix` says what to do about it. Messages never contain secret values: the code that
 * builds them uses names and ids only, and `main` redacts once more before printing.
 */
export class ActionError extends Error {
  readonly step: string
  readonly fix: string | undefined
  /** A few words for the summary's title ("the token expires in 4 days"); the step's otherwise. */
  readonly title: string | undefined

  constructor(step: string, message: string, fix?: string, title?: string) {
    super(message)
    this.name = 'ActionError'
    this.step = step
    this.fix = fix
    this.title = title
  }
}

/** Bad input: raised before any network call, always naming the input. */
export class InputError extends ActionError {
  readonly input: string

  constructor(input: string, message: string) {
    super('read inputs', `Input \`${input}\`: ${message}`, undefined, `input \`${input}\` is wrong; nothing was done`)
    this.name = 'InputError'
    this.input = input
  }
}

export function describeError(error: unknown): string {
  if (error instanceof Error) return error.message
  return String(error)
}

/**
 * A non-secret input value for a message: JSON-escaped (no line breaks) and cut to 80
 * characters — or, when it holds something that looks like a token or a key, not quoted at all:
 * a secret pasted into the wrong input is not masked by the runner, so quoting it (even cut
 * short) would print it.
 */
export function quote(value: string): string {
  if (looksLikeSecret(value)) return 'a value that looks like a token or key (not shown)'
  return JSON.stringify(value.length > 80 ? `${value.slice(0, 80)}…` : value)
}

/**
 * A run of 20 or more characters of the alphabets tokens, keys and their encodings use, that
 * mixes lower case, upper case and digits (Meta and GitHub tokens, base64), or 32 or more hex
 * digits (an app secret, an appsecret_proof). Names (`META_ACCESS_TOKEN`, `owner/repo`) are not.
 */
export function looksLikeSecret(value: string): boolean {
  for (const run of value.match(/[A-Za-z0-9+/=_\-%|~]{20,}/g) ?? []) {
    if (/[a-z]/.test(run) && /[A-Z]/.test(run) && /\d/.test(run)) return true
    if (/[0-9a-f]{32,}/i.test(run) && /\d/.test(run)) return true
  }
  return false
}
