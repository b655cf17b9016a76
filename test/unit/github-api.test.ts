import assert from 'node:assert/strict'
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { after, before, beforeEach, describe, it } from 'node:test'
import { buildRequest, GitHubApi } from '../../src/github/api.ts'
import { GitHubError } from '../../src/github/errors.ts'
import { nodeFetch } from '../../src/http.ts'
import { Deadline } from '../../src/retry.ts'

const TOKEN = 'fake-gh-unit-test-token'

interface Seen {
  method: string
  url: string
  headers: IncomingMessage['headers']
  body: string
}

type Handler = (req: Seen, res: ServerResponse) => void

function listen(onRequest: (seen: Seen, res: ServerResponse) => void): Promise<{ server: Server; origin: string }> {
  const server = createServer((req, res) => {
    let body = ''
    req.setEncoding('utf8').on('data', chunk => (body += chunk))
    req.on('end', () => onRequest({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body }, res))
  })
  return new Promise(resolve => server.listen(0, '127.0.0.1', () => resolve({ server, origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}` })))
}

function json(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json', ...headers })
  res.end(JSON.stringify(body))
}

describe('buildRequest', () => {
  it('fills placeholders URL-encoded; the other params go in the query of a GET', () => {
    const request = buildRequest('https://ghe.example/api/v3/', 'GET /repos/{owner}/{repo}/environments/{env}', { owner: 'o', repo: 'r', env: 'prod/eu', page: 2 })
    assert.deepEqual(request, { method: 'GET', url: 'https://ghe.example/api/v3/repos/o/r/environments/prod%2Feu?page=2' })
  })

  it('puts the other params of a PUT in a JSON body', () => {
    const request = buildRequest('https://api.github.test', 'PUT /orgs/{org}/actions/secrets/{secret_name}', { org: 'acme', secret_name: 'X', key_id: '1', selected_repository_ids: [1, 2] })
    assert.equal(request.url, 'https://api.github.test/orgs/acme/actions/secrets/X')
    assert.deepEqual(JSON.parse(request.body ?? ''), { key_id: '1', selected_repository_ids: [1, 2] })
  })

  it('refuses a route whose placeholder has no value', () => {
    assert.throws(() => buildRequest('https://api.github.test', 'GET /repos/{owner}/{repo}', { owner: 'o' }), /needs a value for repo/)
  })
})

describe('GitHubApi', () => {
  let api: GitHubApi
  let origin: string
  let server: Server
  let other: { server: Server; origin: string }
  let handler: Handler
  let seen: Seen[]
  let otherSeen: Seen[]

  function client(options: { requestTimeoutMs?: number; maxAttempts?: number } = {}): GitHubApi {
    return new GitHubApi({
      token: TOKEN,
      baseUrl: origin,
      requestTimeoutMs: options.requestTimeoutMs ?? 2000,
      timing: { retryBaseMs: 1, retryMaxWaitMs: 5, maxAttempts: options.maxAttempts ?? 3, deadlineMs: 10_000 },
      deadline: new Deadline(10_000),
      fetch: nodeFetch,
    })
  }

  before(async () => {
    ;({ server, origin } = await listen((req, res) => {
      seen.push(req)
      handler(req, res)
    }))
    other = await listen((req, res) => {
      otherSeen.push(req)
      json(res, 200, { stolen: true })
    })
  })
  beforeEach(() => {
    seen = []
    otherSeen = []
    api = client()
  })
  after(() => {
    for (const s of [server, other.server]) {
      s.closeAllConnections()
      s.close()
    }
  })

  it('sends the token as a bearer, the API version, a user agent, and JSON', async () => {
    handler = (_req, res) => json(res, 201, {})
    const response = await api.request('PUT /repos/{owner}/{repo}/actions/secrets/{secret_name}', { owner: 'o', repo: 'r', secret_name: 'S', encrypted_value: 'x', key_id: '1' })
    assert.equal(response.status, 201)
    const [request] = seen
    assert.equal(request.headers.authorization, `Bearer ${TOKEN}`)
    assert.equal(request.headers['x-github-api-version'], '2022-11-28')
    assert.equal(request.headers.accept, 'application/vnd.github+json')
    assert.ok(request.headers['user-agent'], 'GitHub rejects requests without a User-Agent')
    assert.match(String(request.headers['content-type']), /^application\/json/)
    assert.deepEqual(JSON.parse(request.body), { encrypted_value: 'x', key_id: '1' })
  })

  it('answers a 204 with no data', async () => {
    handler = (_req, res) => res.writeHead(204).end()
    assert.deepEqual(await api.request('PUT /repos/{owner}/{repo}/actions/secrets/{secret_name}', { owner: 'o', repo: 'r', secret_name: 'S' }), { status: 204, data: undefined })
  })

  it('follows a redirect of a renamed repository on the same API, repeating method and body', async () => {
    handler = (req, res) => {
      if (req.url.startsWith('/repos/old/')) res.writeHead(307, { location: `${origin}/repositories/42/actions/secrets/S` }).end()
      else json(res, 201, {})
    }
    const response = await api.request('PUT /repos/{owner}/{repo}/actions/secrets/{secret_name}', { owner: 'old', repo: 'r', secret_name: 'S', key_id: '1' })
    assert.equal(response.status, 201)
    assert.deepEqual(seen.map(r => `${r.method} ${r.url}`), ['PUT /repos/old/r/actions/secrets/S', 'PUT /repositories/42/actions/secrets/S'])
    assert.equal(seen[1].body, seen[0].body)
    assert.equal(seen[1].headers.authorization, `Bearer ${TOKEN}`)
  })

  it('never follows a redirect to another origin: the token stays with the API', async () => {
    handler = (_req, res) => res.writeHead(301, { location: `${other.origin}/elsewhere` }).end()
    await assert.rejects(api.request('GET /repos/{owner}/{repo}', { owner: 'o', repo: 'r' }), (error: GitHubError) => error.status === 301)
    assert.equal(otherSeen.length, 0)
  })

  it('turns an error answer into a GitHubError with GitHub\'s message and the headers decisions need', async () => {
    handler = (_req, res) => json(res, 403, { message: 'Resource not accessible by integration' }, { 'x-accepted-github-permissions': 'secrets=read' })
    await assert.rejects(api.request('GET /repos/{owner}/{repo}/actions/secrets/public-key', { owner: 'o', repo: 'r' }), (error: GitHubError) => {
      assert.equal(error.status, 403)
      assert.equal(error.kind, 'http')
      assert.equal(error.githubMessage, 'Resource not accessible by integration')
      assert.equal(error.headers['x-accepted-github-permissions'], 'secrets=read')
      assert.equal(error.isRateLimit, false)
      return true
    })
    assert.equal(seen.length, 1, 'a 403 that is not a rate limit is not retried')
  })

  it('retries a 5xx and a rate-limit answer (after its retry-after), then succeeds', async () => {
    const answers = [
      (res: ServerResponse) => json(res, 502, { message: 'Server Error' }),
      (res: ServerResponse) => json(res, 403, { message: 'You have exceeded a secondary rate limit' }, { 'retry-after': '0' }),
      (res: ServerResponse) => json(res, 200, { key_id: '1', key: 'k' }),
    ]
    handler = (_req, res) => answers[seen.length - 1](res)
    const response = await api.request('GET /repos/{owner}/{repo}/actions/secrets/public-key', { owner: 'o', repo: 'r' })
    assert.deepEqual(response.data, { key_id: '1', key: 'k' })
    assert.equal(seen.length, 3)
  })

  it('reports a request with no answer in time as a timeout, without quoting the URL', async () => {
    handler = () => undefined // never answers
    const slow = client({ requestTimeoutMs: 50, maxAttempts: 1 })
    await assert.rejects(slow.request('GET /repos/{owner}/{repo}', { owner: 'o', repo: 'r' }), (error: GitHubError) => {
      assert.equal(error.kind, 'timeout')
      assert.doesNotMatch(error.message, /127\.0\.0\.1|repos/)
      return true
    })
  })

  it('reports a refused connection as a network error, without quoting the URL, and retries it', async () => {
    const closed = await listen(() => undefined)
    closed.server.close()
    const retried: string[] = []
    const unreachable = new GitHubApi({
      token: TOKEN,
      baseUrl: closed.origin,
      requestTimeoutMs: 1000,
      timing: { retryBaseMs: 1, retryMaxWaitMs: 2, maxAttempts: 2, deadlineMs: 5000 },
      deadline: new Deadline(5000),
      fetch: nodeFetch,
      onRetry: route => retried.push(route),
    })
    await assert.rejects(unreachable.request('GET /repos/{owner}/{repo}', { owner: 'o', repo: 'r' }), (error: GitHubError) => error.kind === 'network' && !error.message.includes('127.0.0.1'))
    assert.deepEqual(retried, ['GET /repos/{owner}/{repo}'])
  })
})
