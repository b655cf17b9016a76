import { InputError, quote } from '../runtime/errors.ts'

export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, '').toLowerCase()
  return host === 'localhost' || host === '::1' || /^127(?:\.\d{1,3}){3}$/.test(host)
}

/** A base URL: https, or plain http on a loopback address only. Returns it without a trailing slash. */
export function baseUrl(raw: string, name: string): string {
  // Before anything that quotes the value: a URL with `user:password@` must never be quoted back.
  // No API base URL holds an `@`, so any `@` counts, however malformed the rest.
  if (raw.includes('@')) {
    throw new InputError(
      name,
      'must not contain credentials (user:password@); give the base URL alone, such as https://graph.facebook.com.'
    )
  }
  let url: URL
  try {
    url = new URL(raw)
  } catch {
    throw new InputError(name, `must be a URL such as https://graph.facebook.com, got ${quote(raw)}.`)
  }
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && isLoopbackHost(url.hostname))) {
    throw new InputError(name, `must use https (plain http is allowed only on localhost, 127.0.0.0/8 or [::1]), got ${quote(raw)}.`)
  }
  if (raw.includes('?') || raw.includes('#')) throw new InputError(name, 'must not contain a query string or a fragment.')
  return url.toString().replace(/\/+$/, '')
}
