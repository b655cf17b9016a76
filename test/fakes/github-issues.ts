/**
 * A fake GitHub REST API for the issues endpoints the alert action uses, on 127.0.0.1: list a
 * repository's issues (filtered by labels and state; pull requests included, as GitHub does),
 * create an issue, comment on one, update one, get and create a label; and GraphQL's `viewer`
 * query, which says whose the token is. Every token belongs to an account (a user's login for a
 * PAT, `<app-slug>[bot]` for an App installation token), and every issue has an author: the
 * account whose token created it, as GitHub reports it in `user.login`. It checks the token,
 * records every request, answers errors with GitHub's status codes and bodies, and can be told
 * to fail (faults), to have issues disabled (410), or to drop labels silently on create (what
 * GitHub does for a token that may not set labels).
 * https://docs.github.com/en/rest/issues
 */
import { createServer, STATUS_CODES } from 'node:http'
import type { IncomingMessage, Server, ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { USER_AGENT_REQUIRED } from './github-server.ts'

export interface FakeLabel {
  name: string
  color: string
  description: string | null
}

export interface FakeIssue {
  number: number
  title: string
  body: string | null
  state: 'open' | 'closed'
  stateReason: 'completed' | 'not_planned' | 'reopened' | null
  labels: string[]
  comments: string[]
  isPullRequest: boolean
  /** The login of the account that opened it (`user.login`). */
  author: string
}

export interface RecordedIssuesRequest {
  method: string
  path: string
  query: Record<string, string>
  body: unknown
  authorization: string | undefined
}

export interface IssuesFault {
  method?: string
  path: string | RegExp
  status?: number
  body?: unknown
  headers?: Record<string, string>
  /** How many matching requests the fault answers; default 1. */
  times?: number
}

type Access = 'read' | 'write'

/** The workflow's own token's account: GITHUB_TOKEN is an installation token of the github-actions App. */
export const ACTIONS_BOT = 'github-actions[bot]'

interface Reply {
  status: number
  body?: unknown
  headers?: Record<string, string>
}

const DOCS = 'https://docs.github.com/rest/issues'

class ApiError extends Error {
  readonly reply: Reply
  constructor(reply: Reply) {
    super(`fake GitHub answered ${reply.status}`)
    this.reply = reply
  }
}

function fail(status: number, message: string, doc = DOCS, headers?: Record<string, string>): ApiError {
  return new ApiError({ status, body: { message, documentation_url: doc, status: String(status) }, headers })
}

function isoNow(): string {
  return new Date().toISOString().replace(/\.\d{3}Z$/, 'Z')
}

export class FakeIssues {
  readonly owner: string
  readonly repo: string
  readonly issues: FakeIssue[] = []
  readonly labels = new Map<string, FakeLabel>()
  readonly requests: RecordedIssuesRequest[] = []
  /** 410 Gone on every issues endpoint, as GitHub answers when issues are disabled. */
  issuesDisabled = false
  /** Create issues without their labels, as GitHub does for a token that may not set labels. */
  dropLabelsOnCreate = false
  /** Every issue's `html_url`, instead of its page (a server that sends what it likes). */
  htmlUrlOverride: string | undefined

  private readonly server: Server
  private readonly tokens = new Map<string, { access: Access; login: string }>()
  private readonly faults: Array<{ fault: IssuesFault; remaining: number }> = []
  private tokenCount = 0
  url = ''

  private constructor(owner: string, repo: string) {
    this.owner = owner
    this.repo = repo
    this.server = createServer((req, res) => void this.handle(req, res))
  }

  static async start(repository = 'octo-org/app'): Promise<FakeIssues> {
    const [owner, repo] = repository.split('/')
    const fake = new FakeIssues(owner, repo)
    await new Promise<void>(resolve => fake.server.listen(0, '127.0.0.1', resolve))
    fake.url = `http://127.0.0.1:${(fake.server.address() as AddressInfo).port}`
    return fake
  }

  close(): Promise<void> {
    this.server.closeAllConnections()
    return new Promise(resolve => this.server.close(() => resolve()))
  }

  /** A made-up token (it looks like no real GitHub token) of the account `login`, with `issues: access`. */
  addToken(access: Access = 'write', login = ACTIONS_BOT): string {
    const token = `fake-issues-token-${++this.tokenCount}-${Math.random().toString(36).slice(2, 10)}`
    this.tokens.set(token, { access, login })
    return token
  }

  addIssue(fields: Partial<Omit<FakeIssue, 'number'>> & { title: string }): FakeIssue {
    const issue: FakeIssue = {
      number: this.issues.length + 1,
      body: null,
      state: 'open',
      stateReason: null,
      labels: [],
      comments: [],
      isPullRequest: false,
      // Planted by hand unless said otherwise: not the alert's.
      author: 'octocat',
      ...fields,
    }
    for (const name of issue.labels) this.ensureLabel(name)
    this.issues.push(issue)
    return issue
  }

  fault(fault: IssuesFault): void {
    this.faults.push({ fault, remaining: fault.times ?? 1 })
  }

  issue(number: number): FakeIssue | undefined {
    return this.issues.find(issue => issue.number === number)
  }

  /** `METHOD path` of every request, in order. */
  calls(): string[] {
    return this.requests.map(r => `${r.method} ${r.path}`)
  }

  private ensureLabel(name: string): FakeLabel {
    const key = name.toLowerCase()
    let label = this.labels.get(key)
    if (!label) {
      label = { name, color: 'ededed', description: null }
      this.labels.set(key, label)
    }
    return label
  }

  private issueJson(issue: FakeIssue): Record<string, unknown> {
    const api = `${this.url}/repos/${this.owner}/${this.repo}/issues/${issue.number}`
    const html = `https://github.com/${this.owner}/${this.repo}/${issue.isPullRequest ? 'pull' : 'issues'}/${issue.number}`
    return {
      id: 1000 + issue.number,
      node_id: `I_fake${issue.number}`,
      url: api,
      html_url: this.htmlUrlOverride ?? html,
      number: issue.number,
      title: issue.title,
      user: { login: issue.author, id: 7000 + issue.author.length, type: issue.author.endsWith('[bot]') ? 'Bot' : 'User' },
      body: issue.body,
      state: issue.state,
      state_reason: issue.stateReason,
      labels: issue.labels.map(name => ({ ...this.ensureLabel(name), default: false })),
      comments: issue.comments.length,
      created_at: isoNow(),
      updated_at: isoNow(),
      ...(issue.isPullRequest ? { pull_request: { url: `${this.url}/repos/${this.owner}/${this.repo}/pulls/${issue.number}` } } : {}),
    }
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = []
    for await (const chunk of req) chunks.push(chunk as Buffer)
    const raw = Buffer.concat(chunks).toString('utf8')
    const url = new URL(req.url ?? '/', 'http://fake.invalid')
    const method = (req.method ?? 'GET').toUpperCase()
    let body: unknown
    try {
      body = raw === '' ? undefined : JSON.parse(raw)
    } catch {
      body = raw
    }
    this.requests.push({
      method,
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      body,
      authorization: req.headers.authorization,
    })

    let reply: Reply
    try {
      if (!req.headers['user-agent']?.trim()) throw fail(403, USER_AGENT_REQUIRED, DOCS)
      reply =
        this.applyFault(method, url.pathname) ??
        this.route(method, url.pathname, Object.fromEntries(url.searchParams), body, req.headers.authorization)
    } catch (error) {
      reply = error instanceof ApiError ? error.reply : { status: 500, body: { message: 'fake server error' } }
    }
    res.statusCode = reply.status
    res.setHeader('x-github-request-id', `FAKE:${this.requests.length}`)
    for (const [name, value] of Object.entries(reply.headers ?? {})) res.setHeader(name, value)
    if (reply.body === undefined || reply.status === 204) {
      res.end()
      return
    }
    res.setHeader('content-type', 'application/json; charset=utf-8')
    res.end(JSON.stringify(reply.body))
  }

  private applyFault(method: string, path: string): Reply | undefined {
    const entry = this.faults.find(
      ({ fault, remaining }) =>
        remaining > 0 &&
        (!fault.method || fault.method.toUpperCase() === method) &&
        (typeof fault.path === 'string' ? fault.path === path : fault.path.test(path))
    )
    if (!entry) return undefined
    entry.remaining--
    const status = entry.fault.status ?? 500
    return {
      status,
      body: entry.fault.body ?? { message: STATUS_CODES[status] ?? 'Error', documentation_url: DOCS, status: String(status) },
      headers: entry.fault.headers,
    }
  }

  /** The token's account; throws GitHub's 401 or 403. */
  private authorize(header: string | undefined, needed: Access): string {
    const token = /^(?:bearer|token)\s+(\S+)$/i.exec(header ?? '')?.[1]
    const known = token ? this.tokens.get(token) : undefined
    if (!known) throw fail(401, 'Bad credentials', 'https://docs.github.com/rest')
    if (needed === 'write' && known.access !== 'write') {
      throw fail(403, 'Resource not accessible by integration', DOCS, { 'x-accepted-github-permissions': 'issues=write' })
    }
    return known.login
  }

  /**
   * POST /graphql, the `viewer { login }` query only (https://docs.github.com/en/graphql/reference/queries#viewer).
   * Like GitHub: a bad token is a 401; a query the fake does not know is a 200 with `errors`.
   */
  private graphql(body: unknown, authorization: string | undefined): Reply {
    const login = this.authorize(authorization, 'read')
    const query = (body as { query?: unknown } | undefined)?.query
    if (typeof query === 'string' && /^\s*(?:query\s*)?\{\s*viewer\s*\{\s*login\s*\}\s*\}\s*$/.test(query))
      return { status: 200, body: { data: { viewer: { login } } } }
    return { status: 200, body: { errors: [{ type: 'UNKNOWN_QUERY', message: 'the fake answers only { viewer { login } }' }] } }
  }

  private route(method: string, path: string, query: Record<string, string>, body: unknown, authorization: string | undefined): Reply {
    if (path === '/graphql' && method === 'POST') return this.graphql(body, authorization)
    const parts = path.split('/').slice(1)
    if (parts[0] !== 'repos' || parts.length < 4) throw fail(404, 'Not Found', 'https://docs.github.com/rest')
    const login = this.authorize(authorization, method === 'GET' ? 'read' : 'write')
    if (parts[1].toLowerCase() !== this.owner.toLowerCase() || parts[2].toLowerCase() !== this.repo.toLowerCase())
      throw fail(404, 'Not Found', 'https://docs.github.com/rest')
    const rest = parts.slice(3)
    const input = (body ?? {}) as Record<string, unknown>

    if (rest[0] === 'labels') return this.labelRoute(method, rest, input)
    if (rest[0] !== 'issues') throw fail(404, 'Not Found', 'https://docs.github.com/rest')
    if (this.issuesDisabled) throw fail(410, 'Issues are disabled for this repo', DOCS)

    // GET /repos/{owner}/{repo}/issues
    if (rest.length === 1 && method === 'GET') return this.list(query, path)
    // POST /repos/{owner}/{repo}/issues
    if (rest.length === 1 && method === 'POST') return { status: 201, body: this.create(input, login) }
    const issue = this.issue(Number(rest[1]))
    if (!issue || !/^\d+$/.test(rest[1] ?? '')) throw fail(404, 'Not Found', DOCS)
    // POST /repos/{owner}/{repo}/issues/{issue_number}/comments
    if (rest.length === 3 && rest[2] === 'comments' && method === 'POST') {
      if (typeof input.body !== 'string' || input.body === '') throw fail(422, 'Validation Failed', DOCS)
      issue.comments.push(input.body)
      return {
        status: 201,
        body: {
          id: 5000 + issue.comments.length,
          body: input.body,
          html_url: `https://github.com/${this.owner}/${this.repo}/issues/${issue.number}#issuecomment-${issue.comments.length}`,
        },
      }
    }
    // PATCH /repos/{owner}/{repo}/issues/{issue_number}
    if (rest.length === 2 && method === 'PATCH') return { status: 200, body: this.update(issue, input) }
    throw fail(404, 'Not Found', 'https://docs.github.com/rest')
  }

  /** One page (`page`, `per_page`), with GitHub's `Link` header naming the next and the last. */
  private list(query: Record<string, string>, path: string): Reply {
    const state = query.state ?? 'open'
    if (!['open', 'closed', 'all'].includes(state)) throw fail(422, 'Validation Failed', DOCS)
    const wanted = (query.labels ?? '')
      .split(',')
      .map(l => l.trim().toLowerCase())
      .filter(Boolean)
    const perPage = Math.min(100, Math.max(1, Number(query.per_page) || 30))
    let found = this.issues.filter(
      i => (state === 'all' || i.state === state) && wanted.every(w => i.labels.some(l => l.toLowerCase() === w))
    )
    // GitHub's default order is newest first.
    found = query.direction === 'asc' ? found : [...found].reverse()
    const page = Math.max(1, Number(query.page) || 1)
    const last = Math.max(1, Math.ceil(found.length / perPage))
    const body = found.slice((page - 1) * perPage, page * perPage).map(issue => this.issueJson(issue))
    const link = (n: number, rel: string) => {
      const url = new URL(`${this.url}${path}`)
      for (const [name, value] of Object.entries({ ...query, page: String(n) })) url.searchParams.set(name, value)
      return `<${url.href}>; rel="${rel}"`
    }
    const links = page < last ? [link(page + 1, 'next'), link(last, 'last')] : []
    return { status: 200, body, headers: links.length > 0 ? { link: links.join(', ') } : undefined }
  }

  private create(input: Record<string, unknown>, author: string): unknown {
    if (typeof input.title !== 'string' || input.title.trim() === '') throw fail(422, 'Validation Failed', DOCS)
    if (input.body !== undefined && typeof input.body !== 'string') throw fail(422, 'Validation Failed', DOCS)
    const labels = Array.isArray(input.labels) ? input.labels.map(String) : []
    const issue = this.addIssue({
      title: input.title,
      body: (input.body as string | undefined) ?? null,
      labels: this.dropLabelsOnCreate ? [] : labels,
      author,
    })
    return this.issueJson(issue)
  }

  private update(issue: FakeIssue, input: Record<string, unknown>): unknown {
    if (input.state !== undefined) {
      if (input.state !== 'open' && input.state !== 'closed') throw fail(422, 'Validation Failed', DOCS)
      issue.state = input.state
    }
    if (input.state_reason !== undefined) {
      if (!['completed', 'not_planned', 'reopened', null].includes(input.state_reason as string | null))
        throw fail(422, 'Validation Failed', DOCS)
      issue.stateReason = input.state_reason as FakeIssue['stateReason']
    }
    if (typeof input.body === 'string') issue.body = input.body
    if (typeof input.title === 'string') issue.title = input.title
    return this.issueJson(issue)
  }

  private labelRoute(method: string, rest: string[], input: Record<string, unknown>): Reply {
    // GET /repos/{owner}/{repo}/labels/{name}
    if (rest.length === 2 && method === 'GET') {
      const label = this.labels.get(decodeURIComponent(rest[1]).toLowerCase())
      if (!label) throw fail(404, 'Not Found', `${DOCS}/labels#get-a-label`)
      return { status: 200, body: { ...label, default: false } }
    }
    // POST /repos/{owner}/{repo}/labels
    if (rest.length === 1 && method === 'POST') {
      if (typeof input.name !== 'string' || input.name === '') throw fail(422, 'Validation Failed', `${DOCS}/labels#create-a-label`)
      if (this.labels.has(input.name.toLowerCase())) {
        return {
          status: 422,
          body: {
            message: 'Validation Failed',
            errors: [{ resource: 'Label', code: 'already_exists', field: 'name' }],
            documentation_url: `${DOCS}/labels#create-a-label`,
            status: '422',
          },
        }
      }
      const label = {
        name: input.name,
        color: typeof input.color === 'string' ? input.color : 'ededed',
        description: typeof input.description === 'string' ? input.description : null,
      }
      this.labels.set(input.name.toLowerCase(), label)
      return { status: 201, body: { ...label, default: false } }
    }
    throw fail(404, 'Not Found', 'https://docs.github.com/rest')
  }
}
