/**
 * An error the user can act on. `step` says where the run stopped (shown in the summary),
 * `fix` says what to do about it. Messages never contain secret values: the code that
 * builds them uses names and ids only, and `main` redacts once more before printing.
 */
export class ActionError extends Error {
  readonly step: string
  readonly fix: string | undefined

  constructor(step: string, message: string, fix?: string) {
    super(message)
    this.name = 'ActionError'
    this.step = step
    this.fix = fix
  }
}

/** Bad input: raised before any network call, always naming the input. */
export class InputError extends ActionError {
  readonly input: string

  constructor(input: string, message: string) {
    super('read inputs', `Input \`${input}\`: ${message}`)
    this.name = 'InputError'
    this.input = input
  }
}

export function describeError(error: unknown): string {
  if (error instanceof Error) return error.message
  return String(error)
}

/** A non-secret input value for a message: JSON-escaped (no line breaks) and cut to 80 characters. */
export function quote(value: string): string {
  return JSON.stringify(value.length > 80 ? `${value.slice(0, 80)}…` : value)
}
