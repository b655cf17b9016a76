/**
 * HTTP plumbing: a request's parameters (query string, form, multipart or JSON body, and a
 * Bearer header as access_token), the version prefix of its path, and writing a reply.
 */
import type { IncomingMessage, ServerResponse } from 'node:http'
import type { Reply } from './types.ts'

const DEFAULT_VERSION = 'v26.0'

export function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    req.on('data', (chunk: Buffer) => chunks.push(chunk))
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')))
    req.on('error', reject)
  })
}

export function mergeParams(url: URL, body: string, headers: IncomingMessage['headers']): Record<string, string> {
  const params: Record<string, string> = {
    ...Object.fromEntries(url.searchParams),
    ...bodyParams(body, headers['content-type'] ?? ''),
  }
  const bearer = /^(?:Bearer|OAuth)\s+(\S+)/i.exec(headers.authorization ?? '')?.[1]
  if (params.access_token === undefined && bearer !== undefined) params.access_token = bearer
  return params
}

function bodyParams(body: string, contentType: string): Record<string, string> {
  if (body === '') return {}
  const type = contentType.toLowerCase()
  if (type.startsWith('application/x-www-form-urlencoded')) return Object.fromEntries(new URLSearchParams(body))
  if (type.startsWith('multipart/form-data')) return parseMultipart(body, contentType)
  if (type.startsWith('application/json')) return parseJsonBody(body)
  return {}
}

function parseMultipart(body: string, contentType: string): Record<string, string> {
  const match = /boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(contentType)
  const boundary = match?.[1] ?? match?.[2]
  const fields: Record<string, string> = {}
  if (!boundary) return fields
  for (const part of body.split(`--${boundary}`)) {
    const split = part.indexOf('\r\n\r\n')
    if (split < 0) continue
    const name = /\bname="([^"]*)"/i.exec(part.slice(0, split))?.[1]
    if (name !== undefined) fields[name] = part.slice(split + 4).replace(/\r\n$/, '')
  }
  return fields
}

function parseJsonBody(body: string): Record<string, string> {
  let json: unknown
  try {
    json = JSON.parse(body)
  } catch {
    return {}
  }
  if (!json || typeof json !== 'object' || Array.isArray(json)) return {}
  const fields: Record<string, string> = {}
  for (const [key, value] of Object.entries(json)) {
    fields[key] = typeof value === 'string' ? value : JSON.stringify(value)
  }
  return fields
}

export function splitVersion(pathname: string): { version: string | null; path: string } {
  const match = /^\/(v\d+\.\d+)(\/.*)?$/.exec(pathname)
  const version = match ? match[1] : null
  const rest = match ? (match[2] ?? '/') : pathname
  const path = rest.length > 1 ? rest.replace(/\/+$/, '') : rest
  return { version, path }
}

export function send(res: ServerResponse, reply: Reply, version: string | null, traceId: string): void {
  const raw = typeof reply.body === 'string'
  const text = raw ? (reply.body as string) : JSON.stringify(reply.body)
  res.writeHead(reply.status, {
    'Content-Type': raw ? 'text/plain; charset=UTF-8' : 'application/json; charset=UTF-8',
    'facebook-api-version': version ?? DEFAULT_VERSION,
    'x-fb-trace-id': traceId,
    ...reply.headers,
  })
  res.end(text)
}
