import assert from 'node:assert/strict'
import { assertNoContractViolations } from '../contract/violations.ts'
import { FakeGitHub, type FakeGitHubOptions } from '../fakes/github-server.ts'
import { FakeGraph, type FakeGraphOptions } from '../fakes/graph-server.ts'
import { MIN_SECRET_LENGTH } from '../../src/inputs/rules.ts'
import { assertNoLeaks } from './leak-scan.ts'
import { type ActionRun, runAction, type RunOptions } from './run-action.ts'
import { type InProcessOptions, runMain } from './run-main.ts'
import { checkRunSnapshot } from './request-snapshot.ts'

export const DAY = 86_400

/** Graph parameters that carry secrets. */
const SECRET_PARAMETERS = ['access_token', 'appsecret_proof', 'client_secret', 'fb_exchange_token', 'revoke_token', 'input_token']

interface WorldOptions {
  /** Days the system user's token has left (default 10). */
  daysLeft?: number
  requireAppSecretProof?: boolean
  /** Capability-gated permissions Meta granted the app. */
  capabilityPermissions?: string[]
  graph?: FakeGraphOptions
  github?: FakeGitHubOptions
}

/**
 * One Meta app with a system user holding an expiring token, and one GitHub repository with an
 * environment, behind the two fake servers. `run` runs the action from src/ in-process against
 * them with the inputs a rotation needs (`runBundle` runs dist/index.js as the runner does),
 * scans every run for leaked secrets, and checks that every request of the run kept to the
 * APIs' contracts (test/contract/).
 */
export class World {
  readonly graph: FakeGraph
  readonly github: FakeGitHub
  readonly app: { id: string; secret: string; name: string }
  readonly systemUserId: string
  readonly adminToken: string
  oldToken: string
  githubToken: string
  /** Every secret value this world handed out; the leak scan looks for all of them. */
  readonly secrets: string[] = []

  private constructor(graph: FakeGraph, github: FakeGitHub, options: WorldOptions & { daysLeft: number }) {
    this.graph = graph
    this.github = github
    this.app = graph.addApp({
      name: 'Shop CAPI',
      requireAppSecretProof: options.requireAppSecretProof,
      capabilityPermissions: options.capabilityPermissions,
    })
    this.systemUserId = graph.addSystemUser({ appIdsInstalled: [this.app.id] }).id
    this.oldToken = graph.mintToken({
      appId: this.app.id,
      userId: this.systemUserId,
      scopes: ['ads_management', 'business_management'],
      expiresInSeconds: options.daysLeft * DAY,
    })
    this.adminToken = graph.mintToken({ appId: this.app.id, userId: '9000', scopes: ['business_management'], expiresInSeconds: 0 })
    github.addRepo('octo-org/app', { id: 101, environments: ['production', 'prod/eu'] })
    github.addRepo('octo-org/site', { id: 102 })
    github.addOrg('octo-org')
    this.githubToken = github.addToken()
    this.secrets.push(this.app.secret, `${this.app.id}|${this.app.secret}`, this.oldToken, this.adminToken, this.githubToken)
  }

  static async start(options: WorldOptions = {}): Promise<World> {
    const [graph, github] = await Promise.all([FakeGraph.start(options.graph), FakeGitHub.start(options.github)])
    return new World(graph, github, { ...options, daysLeft: options.daysLeft ?? 10 })
  }

  baseInputs(): Record<string, string> {
    return {
      operation: 'rotate',
      'app-id': this.app.id,
      'app-secret': this.app.secret,
      'access-token': this.oldToken,
      'secret-name': 'META_ACCESS_TOKEN',
      'github-token': this.githubToken,
      'graph-api-url': this.graph.url,
    }
  }

  /** Runs main() of src/main.ts in-process; every token Meta minted meanwhile joins the leak scan. */
  run(inputs: Record<string, string> = {}, env: Record<string, string> = {}, options: InProcessOptions = {}): Promise<ActionRun> {
    return this.checked((i, e) => runMain(i, e, options), inputs, env)
  }

  /** Runs the committed bundle as the runner does, checked like `run` (`options.kill` kills it halfway). */
  runBundle(inputs: Record<string, string> = {}, env: Record<string, string> = {}, options: RunOptions = {}): Promise<ActionRun> {
    return this.checked((i, e) => runAction(i, e, options), inputs, env)
  }

  private async checked(
    runner: (inputs: Record<string, string>, env: Record<string, string>) => Promise<ActionRun>,
    inputs: Record<string, string>,
    env: Record<string, string>
  ): Promise<ActionRun> {
    const violationsBefore = { github: this.github.contractViolations.length, graph: this.graph.contractViolations.length }
    const graphRequestsBefore = this.graph.requests.length
    const githubRequestsBefore = this.github.requests.length
    const run = await runner(
      { ...this.baseInputs(), ...inputs },
      { GITHUB_API_URL: this.github.url, GITHUB_REPOSITORY: 'octo-org/app', ...env }
    )
    for (const token of this.graph.validTokens()) if (!this.secrets.includes(token.value)) this.secrets.push(token.value)
    // Every secret the action sent to Meta (tokens, the app token, proofs, the app secret) was
    // masked by the action itself, and joins the leak scan (a token revoked during the run is no
    // longer among the valid ones).
    for (const request of this.graph.requests.slice(graphRequestsBefore)) {
      for (const name of SECRET_PARAMETERS) {
        const value = request.params[name]
        if (!value) continue
        assert.ok(run.masks.includes(value), `the ${name} sent to ${request.path} was masked`)
        if (!this.secrets.includes(value)) this.secrets.push(value)
      }
    }
    // A secret input too short to be one is refused and shows as it is (`github-token: false`).
    for (const value of [inputs['access-token'], inputs['revoke-token'], inputs['github-token'], inputs['app-secret']]) {
      if (value && value.trim().length >= MIN_SECRET_LENGTH && !this.secrets.includes(value)) this.secrets.push(value)
    }
    // Every line of the record is a secret too, even one the action drops as no token: it must never be quoted.
    for (const value of (inputs['previous-token'] ?? '').split('\n').map(line => line.trim())) {
      if (value.length >= 8 && !value.startsWith('#') && !this.secrets.includes(value)) this.secrets.push(value)
    }
    assertNoLeaks(run, { secrets: this.secrets, appSecret: this.app.secret, allowedTokenOutput: run.outputs.token })
    assertNoContractViolations('GitHub REST API (its OpenAPI description)', this.github.contractViolations.slice(violationsBefore.github))
    assertNoContractViolations('Meta Graph API (the rules of graph-api.md)', this.graph.contractViolations.slice(violationsBefore.graph))
    checkRunSnapshot({
      run,
      graphCalls: this.graphCalls().slice(graphRequestsBefore),
      githubCalls: this.githubCalls().slice(githubRequestsBefore),
      secrets: this.secrets,
      ids: { [this.app.id]: 'app', [this.systemUserId]: 'system-user' },
    })
    return run
  }

  /** Tokens of this app that still work, besides the admin token. */
  validTokens(): string[] {
    return this.graph
      .validTokens(this.app.id)
      .map(t => t.value)
      .filter(value => value !== this.adminToken)
  }

  graphCalls(): string[] {
    return this.graph.requests.map(r => `${r.method} ${r.path}`)
  }

  githubCalls(): string[] {
    return this.github.requests.map(r => `${r.method} ${r.path}`)
  }

  async close(): Promise<void> {
    await Promise.all([this.graph.close(), this.github.close()])
  }
}

export function describeRun(run: ActionRun): string {
  return `exit ${run.code}\nstdout:\n${run.stdout}\nstderr:\n${run.stderr}`
}
