/**
 * The rules a Graph API request must follow, from Meta's documentation of the calls the action
 * makes (their parameters, appsecret_proof, versions) and the contract's "Details settled" (a
 * proof goes with every user or system user token). Only the request's shape is judged, never
 * the answer, so faults injected into the fake do not matter here.
 */
import { createHmac } from 'node:crypto'

export interface GraphRequestShape {
  method: string
  /** The full path as sent, version prefix included, e.g. '/v26.0/oauth/revoke'. */
  path: string
  /** Query string, form and JSON body merged; a Bearer header counts as access_token. */
  params: Record<string, string>
}

/** What the server knows that the proof check needs. */
export interface GraphKnowledge {
  /** The app and type of a token the server issued; undefined for tokens it never saw. */
  token(value: string): { appId: string; type: string } | undefined
  appSecret(appId: string): string | undefined
  /** Unix seconds, for timed proofs. */
  now(): number
}

interface CallRule {
  call: string
  /** Where the rule comes from. */
  ref: string
  methods: string[]
  required: string[]
}

const REFRESH: CallRule = {
  call: 'oauth/access_token (fb_exchange_token)',
  ref: 'graph-api.md §2 Call 1/2a',
  methods: ['GET'],
  required: ['grant_type', 'client_id', 'client_secret', 'fb_exchange_token'],
}
const APP_TOKEN: CallRule = {
  call: 'oauth/access_token (client_credentials)',
  ref: 'graph-api.md §2 Call 2b, app token',
  methods: ['GET'],
  required: ['grant_type', 'client_id', 'client_secret'],
}
const CODE_EXCHANGE: CallRule = {
  call: 'oauth/access_token (code)',
  ref: 'graph-api.md §2 Call 2b',
  methods: ['GET', 'POST'],
  required: ['client_id', 'redirect_uri', 'client_secret', 'code'],
}
const REVOKE: CallRule = {
  call: 'oauth/revoke',
  ref: 'graph-api.md §2 Call 3',
  methods: ['GET'],
  required: ['client_id', 'client_secret', 'revoke_token', 'access_token'],
}
const GENERATE: CallRule = {
  call: '{system-user-id}/access_tokens',
  ref: 'graph-api.md §2 Call 4',
  methods: ['POST'],
  required: ['business_app', 'scope', 'access_token', 'appsecret_proof'],
}
const INSTALL: CallRule = {
  call: '{system-user-id}/applications',
  ref: 'graph-api.md §2 Call 5',
  methods: ['POST'],
  required: ['business_app', 'access_token'],
}
const DEBUG: CallRule = {
  call: 'debug_token',
  ref: 'graph-api.md §2 Call 6',
  methods: ['GET'],
  required: ['input_token', 'access_token'],
}

/**
 * Reading a node as a token (`probe-assets`): `GET /{id}` with the token and its proof, asking for
 * the id only. Meta's Graph API overview (Nodes) documents the read; 100/33 is its answer for an
 * object that does not exist or cannot be loaded (graph-api.md §4.2).
 */
const READ_NODE: CallRule = {
  call: 'GET /{id} (read a node)',
  ref: "graph-api.md §4.2 (100/33); Meta's Graph API overview, Nodes",
  methods: ['GET'],
  required: ['access_token', 'fields'],
}

/**
 * The first day each version is no longer usable (graph-api.md §5's table; a version older than
 * the table's oldest ended before it). Judged on the day of the request.
 */
const AVAILABLE_UNTIL: Array<[major: number, until: string]> = [
  [20, '2026-09-24'],
  [21, '2027-01-21'],
  [22, '2027-05-20'],
  [23, '2027-10-08'],
  [24, '2028-02-18'],
  [25, '2028-07-29'],
]

function retiredOn(major: number, now: Date): string | undefined {
  if (major < AVAILABLE_UNTIL[0][0]) return `before ${AVAILABLE_UNTIL[0][1]}`
  const until = AVAILABLE_UNTIL.find(([m]) => m === major)?.[1]
  return until && Date.parse(until) <= now.getTime() ? `on ${until}` : undefined
}
const PROOF_WINDOW_SECONDS = 300

/** The broken rules of one request; empty when it follows them all. */
export function checkGraphRequest(request: GraphRequestShape, knowledge: GraphKnowledge): string[] {
  const problems: string[] = []
  const path = versionProblems(request.path, problems)
  const { params } = request
  const rule = ruleFor(path, params)
  if (!rule) {
    problems.push(`${request.method} ${path} is none of the calls graph-api.md §2 describes`)
  } else {
    if (!rule.methods.includes(request.method)) {
      problems.push(`${rule.call} is called with ${rule.methods.join(' or ')}, not ${request.method} (${rule.ref})`)
    }
    for (const name of rule.required) {
      if (!params[name]) problems.push(`${rule.call} needs the parameter ${name} (${rule.ref})`)
    }
    problems.push(...valueProblems(rule, path, params, knowledge))
  }
  problems.push(...proofProblems(params, knowledge))
  return problems
}

/** Checks the version prefix and returns the path without it. */
function versionProblems(fullPath: string, problems: string[]): string {
  const match = /^\/v(\d+)\.(\d+)(\/.*)$/.exec(fullPath)
  if (!match) {
    problems.push(
      `${fullPath} has no version prefix such as /v26.0/: unversioned calls go to the oldest available version (graph-api.md §5, "Always send a version prefix")`
    )
    return fullPath
  }
  const [major, minor] = [Number(match[1]), Number(match[2])]
  const retired = retiredOn(major, new Date())
  if (retired) problems.push(`v${major}.${minor} is no longer usable: it stopped ${retired} (graph-api.md §5)`)
  return match[3]
}

function ruleFor(path: string, params: Record<string, string>): CallRule | undefined {
  if (path === '/oauth/access_token') {
    if (params.grant_type === undefined && params.code !== undefined) return CODE_EXCHANGE
    return params.grant_type === 'client_credentials' ? APP_TOKEN : REFRESH
  }
  if (path === '/oauth/revoke') return REVOKE
  if (path === '/debug_token') return DEBUG
  const edge = /^\/[^/]+\/(access_tokens|applications)$/.exec(path)
  if (edge) return edge[1] === 'access_tokens' ? GENERATE : INSTALL
  if (/^\/(?:act_)?\d+$/.test(path)) return READ_NODE
  return undefined
}

/** Rules about parameter values, beyond being present. */
function valueProblems(rule: CallRule, path: string, params: Record<string, string>, knowledge: GraphKnowledge): string[] {
  const problems: string[] = []
  const digits = (name: string, what: string): void => {
    if (params[name] && !/^\d+$/.test(params[name])) problems.push(`${name} must be ${what} (digits), not "${params[name]}" (${rule.ref})`)
  }
  digits('client_id', 'the app id')
  digits('business_app', 'the app id')
  if (rule === GENERATE || rule === INSTALL) {
    const id = path.split('/')[1]
    if (!/^\d+$/.test(id)) problems.push(`${rule.call}: the system user id must be digits, not "${id}" (${rule.ref})`)
  }
  if (rule === REFRESH) {
    if (params.grant_type && params.grant_type !== 'fb_exchange_token') {
      problems.push(
        `grant_type must be fb_exchange_token or client_credentials, not "${params.grant_type}" (graph-api.md §2 Calls 1, 2a, 2b)`
      )
    }
    const exchanged = params.fb_exchange_token ? knowledge.token(params.fb_exchange_token) : undefined
    if (exchanged?.type === 'SYSTEM_USER' && params.set_token_expires_in_60_days !== 'true') {
      problems.push(`refreshing a system user token needs set_token_expires_in_60_days=true (graph-api.md §2 Call 1)`)
    }
  }
  const flag = params.set_token_expires_in_60_days
  if (flag !== undefined && flag !== 'true' && flag !== 'false') {
    problems.push(`set_token_expires_in_60_days must be true or false, not "${flag}" (graph-api.md §2 Calls 1, 4)`)
  }
  if (rule === READ_NODE) {
    if (params.fields !== undefined && params.fields !== 'id')
      problems.push(`a probe asks for the id only (fields=id), not "${params.fields}" (${rule.ref})`)
    if (params.access_token && appTokenAppId(params.access_token) !== undefined) {
      problems.push(`a probe reads the node as the token under check, not as the app (${rule.ref})`)
    }
  }
  if (rule === GENERATE && params.scope !== undefined && params.scope.split(',').some(s => s.trim() === '')) {
    problems.push(`scope must be a comma-separated list of permissions, not "${params.scope}" (graph-api.md §2 Call 4)`)
  }
  return problems
}

/** An app token is `{app-id}|{app-secret}`. */
function appTokenAppId(token: string): string | undefined {
  return /^(\d+)\|./.exec(token)?.[1]
}

/**
 * graph-api.md §3 and ACTION.md "Details settled": a proof goes with every access_token that is
 * a user or system user token (anything but an app token), and any proof sent is the HMAC of
 * the access_token sent, keyed by the secret of that token's app.
 */
function proofProblems(params: Record<string, string>, knowledge: GraphKnowledge): string[] {
  const token = params.access_token
  const proof = params.appsecret_proof
  const time = params.appsecret_time
  if (!proof) {
    if (time !== undefined) return ['appsecret_time is sent without appsecret_proof (graph-api.md §3, timed variant)']
    if (token && appTokenAppId(token) === undefined) {
      return [
        'appsecret_proof is missing although access_token is a user or system user token (ACTION.md "Details settled"; graph-api.md §3)',
      ]
    }
    return []
  }
  if (!token) return ['appsecret_proof is sent without an access_token to prove (graph-api.md §3)']
  const appId = appTokenAppId(token) ?? knowledge.token(token)?.appId
  const secret = appId === undefined ? undefined : knowledge.appSecret(appId)
  if (secret === undefined) return [] // a token the server never issued: nothing to compare with
  const message = time === undefined ? token : `${token}|${time}`
  const problems: string[] = []
  if (proof !== createHmac('sha256', secret).update(message).digest('hex')) {
    const form = time === undefined ? 'access_token' : 'access_token|appsecret_time'
    problems.push(
      `appsecret_proof is not the hex HMAC-SHA256 of ${form} keyed by the secret of app ${appId}, the app of the access_token sent (graph-api.md §3)`
    )
  }
  if (time !== undefined && !(/^\d+$/.test(time) && Math.abs(knowledge.now() - Number(time)) <= PROOF_WINDOW_SECONDS)) {
    problems.push(`appsecret_time "${time}" is not within 5 minutes of now (graph-api.md §3, timed variant)`)
  }
  return problems
}
