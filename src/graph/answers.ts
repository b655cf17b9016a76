/** Reading Graph's answers: JSON that may not be JSON, its error envelope, its success flags. */

export function parseJson(text: string): unknown {
  try {
    return JSON.parse(text)
  } catch {
    return undefined
  }
}

/** Graph wraps errors in `{error:{…}}`; some answers carry a bare `{code, message}`. */
export function errorEnvelope(json: unknown): Record<string, unknown> | undefined {
  if (!json || typeof json !== 'object') return undefined
  const record = json as Record<string, unknown>
  if (record.error && typeof record.error === 'object') return record.error as Record<string, unknown>
  if (typeof record.code === 'number' && typeof record.message === 'string' && !('data' in record)) return record
  return undefined
}

export function isSuccess(body: unknown): boolean {
  if (body === true || body === 'true') return true
  const success = (body as { success?: unknown } | undefined)?.success
  return success === true || success === 'true'
}

export function numberOrUndefined(value: unknown): number | undefined {
  const n = typeof value === 'string' ? Number(value) : value
  return typeof n === 'number' && Number.isFinite(n) ? n : undefined
}

export function networkCode(error: unknown): string {
  // node:http puts the socket error's code on the error; fetch puts it on the error's cause.
  const code = (error as { cause?: { code?: unknown } })?.cause?.code ?? (error as { code?: unknown })?.code
  return typeof code === 'string' && /^[A-Z_]+$/.test(code) ? code : 'connection failed'
}
