/**
 * GitHub's error answers: `{ message, documentation_url, status }` with the matching HTTP status.
 * Handlers and checks throw an ApiError; the request pipeline turns it into the reply.
 */

export const DOCS = 'https://docs.github.com/rest'
export const SECRETS_DOCS = `${DOCS}/actions/secrets`

export type JsonObject = Record<string, unknown>

export interface Reply {
  status: number
  body?: unknown
  headers?: Record<string, string>
}

/** Thrown by handlers to answer with an error; caught by the dispatcher. */
export class ApiError extends Error {
  readonly reply: Reply
  constructor(reply: Reply) {
    super(`fake GitHub answered ${reply.status}`)
    this.reply = reply
  }
}

export function errorBody(status: number, message: string, doc: string): JsonObject {
  return { message, documentation_url: doc, status: String(status) }
}

export function fail(status: number, message: string, doc: string, headers?: Record<string, string>): ApiError {
  return new ApiError({ status, body: errorBody(status, message, doc), headers })
}

export function notFound(doc: string): ApiError {
  return fail(404, 'Not Found', doc)
}

export function invalid(detail: string, doc: string): ApiError {
  return fail(422, `Invalid request.\n\n${detail}`, doc)
}
