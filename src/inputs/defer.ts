import { InputError } from '../runtime/errors.ts'

/** Reads an input; for the emergency, a refusal is kept for after the revokes and `fallback` read instead. */
export type Defer = <T>(read: () => T, fallback: T) => T

/** Throws every refusal at once (every operation but the emergency). */
export const strict: Defer = read => read()

/** Keeps each refusal in `problems` (catalog revokesFirst): the emergency reports them after its revokes. */
export function deferringInto(problems: InputError[]): Defer {
  return <T>(read: () => T, fallback: T): T => {
    try {
      return read()
    } catch (error) {
      if (!(error instanceof InputError)) throw error
      problems.push(error)
      return fallback
    }
  }
}
