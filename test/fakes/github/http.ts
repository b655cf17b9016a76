/** HTTP plumbing: reading a request into what the pipeline needs, and writing a reply. */
import { randomBytes } from 'node:crypto'
import type { IncomingMessage, ServerResponse } from 'node:http'
import type { Reply } from './errors.ts'
import { rateLimitHeaders } from './rate-limit.ts'
import type { RateWindow } from './rate-limit.ts'
import { API_VERSIONS } from './validation.ts'

/** What the pipeline needs from an incoming request. */
export interface Incoming {
  method: string
  rawPath: string
  query: Record<string, string>
  rawBody: string
  tokenValue: string | undefined
  apiVersion: string | string[] | undefined
  userAgent: string | undefined
}

export async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = []
  for await (const chunk of req) chunks.push(chunk as Buffer)
  return Buffer.concat(chunks).toString('utf8')
}

export function parseIncoming(req: IncomingMessage, rawBody: string): Incoming {
  const { rawPath, query } = splitUrl(req.url ?? '/')
  return {
    method: (req.method ?? 'GET').toUpperCase(),
    rawPath,
    query,
    rawBody,
    tokenValue: bearerToken(req.headers.authorization),
    apiVersion: req.headers['x-github-api-version'],
    userAgent: req.headers['user-agent'],
  }
}

function splitUrl(url: string): { rawPath: string; query: Record<string, string> } {
  const parsed = new URL(url, 'http://fake.invalid')
  const rawPath = url.split('?')[0].replace(/^[a-z]+:\/\/[^/]+/i, '')
  return { rawPath, query: Object.fromEntries(parsed.searchParams) }
}

function bearerToken(header: string | undefined): string | undefined {
  const match = /^(?:bearer|token)\s+(\S+)\s*$/i.exec(header ?? '')
  return match?.[1]
}

export function recordedBody(rawBody: string): unknown {
  if (rawBody === '') return undefined
  try {
    return JSON.parse(rawBody)
  } catch {
    return rawBody
  }
}

export function safeDecode(text: string): string | undefined {
  try {
    return decodeURIComponent(text)
  } catch {
    return undefined
  }
}

/** Headers GitHub sends with every answer, errors included. */
export function commonHeaders(window: RateWindow, apiVersion: string | string[] | undefined): Record<string, string> {
  return {
    ...rateLimitHeaders(window),
    'x-github-request-id': requestId(),
    'x-github-media-type': 'github.v3; format=json',
    'x-github-api-version-selected': typeof apiVersion === 'string' ? apiVersion : API_VERSIONS[0],
  }
}

function requestId(): string {
  const hex = (bytes: number): string => randomBytes(bytes).toString('hex').toUpperCase()
  return `${hex(2)}:${hex(3)}:${hex(3)}:${hex(4)}:${hex(4)}`
}

export function send(res: ServerResponse, reply: Reply, common: Record<string, string>): void {
  for (const [name, value] of Object.entries(common)) res.setHeader(name, value)
  const hasBody = reply.status !== 204 && reply.status !== 304 && reply.body !== undefined
  if (hasBody) res.setHeader('Content-Type', 'application/json; charset=utf-8')
  for (const [name, value] of Object.entries(reply.headers ?? {})) res.setHeader(name, value)
  res.statusCode = reply.status
  if (!hasBody) {
    res.end()
    return
  }
  const text = typeof reply.body === 'string' ? reply.body : JSON.stringify(reply.body)
  res.setHeader('Content-Length', Buffer.byteLength(text))
  res.end(text)
}
