import { ActionError, describeError, type InputError } from './runtime/errors.ts'
import { createGitHubClient } from './github/client.ts'
import { minuteUtc } from './github/errors.ts'
import { SecretStore } from './github/secret-store.ts'
import { GraphClient, MINTING_ENDPOINTS } from './graph/client.ts'
import { appSecretProof } from './graph/proof.ts'
import { createFetch, type Fetch } from './runtime/http.ts'
import type { GraphError } from './graph/errors.ts'
import { versionWarning } from './graph/versions.ts'
import { MIN_SECRET_LENGTH, secretParts } from './inputs/rules.ts'
import { type Operation, OPERATIONS, fieldsFor, withAdminCall } from './inputs/catalog.ts'
import type { Config } from './inputs/config.ts'
import { parseConfig, SECRET_INPUTS } from './inputs/inputs.ts'
import { deferringInto, strict } from './inputs/defer.ts'
import { check } from './operations/check.ts'
import { doctor } from './operations/doctor.ts'
import type { Logger, OperationContext } from './steps/context.ts'
import { generate } from './operations/generate.ts'
import { installApp } from './operations/install-app.ts'
import { refresh } from './operations/refresh.ts'
import { retire } from './operations/retire.ts'
import { emergency } from './operations/emergency.ts'
import { revoke } from './operations/revoke.ts'
import { rotate } from './operations/rotate.ts'
import { type ActionIO, coreIO } from './runtime/io.ts'
import { MAX_RECORD_TOKENS, parseRecord } from './inputs/record.ts'
import { declaredInputs, refuseUnknownInputs } from './inputs/unknown-inputs.ts'
import { Redactor } from './text/redactor.ts'
import { Report } from './report/report.ts'
import { Deadline } from './runtime/retry.ts'
import { createRunLog } from './report/run-log.ts'
import { renderSummary } from './report/summary.ts'
import { deployPollMsFromEnv, timingFromEnv, type Timing } from './runtime/timing.ts'

/** Each operation's module, given its own fields of the configuration (inputs/catalog.ts). */
const HANDLERS: Record<Operation, (ctx: OperationContext) => Promise<void>> = {
  check: ctx => check({ ...ctx, config: fieldsFor(ctx.config, 'check') }),
  doctor: ctx => doctor({ ...ctx, config: fieldsFor(ctx.config, 'doctor') }),
  refresh: ctx => refresh({ ...ctx, config: fieldsFor(ctx.config, 'refresh') }),
  rotate: ctx => rotate({ ...ctx, config: fieldsFor(ctx.config, 'rotate') }),
  revoke: ctx => revoke({ ...ctx, config: fieldsFor(ctx.config, 'revoke') }),
  retire: ctx => retire({ ...ctx, config: fieldsFor(ctx.config, 'retire') }),
  generate: ctx => generate({ ...ctx, config: withAdminCall(fieldsFor(ctx.config, 'generate')) }),
  'install-app': ctx => installApp({ ...ctx, config: withAdminCall(fieldsFor(ctx.config, 'install-app')) }),
  emergency,
}

export type { ActionIO }

export async function main(io: ActionIO, env: NodeJS.ProcessEnv, fetch: Fetch = createFetch(env)): Promise<void> {
  const redactor = new Redactor(value => io.setSecret(value))
  const log = createRunLog(io, text => redactor.redact(text))
  const operationInput = io.getInput('operation') || 'rotate'
  // Until the inputs are validated, the summary names only a known operation.
  const report = new Report(
    (OPERATIONS as readonly string[]).includes(operationInput) ? (operationInput as Operation) : 'unknown operation'
  )
  try {
    // docs/promises.md, Promise 1: every secret input is masked before anything else happens; one too short to be
    // a secret is not (parseConfig refuses it).
    for (const name of SECRET_INPUTS) for (const part of secretParts(io.getInput(name))) redactor.register(part)
    // Each line of the record is a token of its own (lines that cannot be one are kept in the record, unmasked),
    // and so is the appsecret_proof of every token the inputs hold.
    const recordLines = parseRecord(io.getInput('previous-token'), '')
    for (const token of [...recordLines.tokens, ...recordLines.overflow]) redactor.register(token)
    registerProofs(io, redactor, [...recordLines.tokens, ...recordLines.overflow])
    // An emergency reports an unknown input after its revokes (catalog revokesFirst).
    const deferred: InputError[] = []
    const declared = declaredInputs()
    if (declared) (operationInput === 'emergency' ? deferringInto(deferred) : strict)(() => refuseUnknownInputs(env, declared), undefined)
    else log.debug('action.yml not found beside the action: inputs are not checked against it.')
    const config = parseConfig(name => io.getInput(name), env, deferred)
    report.dryRun = config.dryRun
    report.warnings.push(...recordWarnings(config))
    const versionAdvice = versionWarning(config.graphApiVersion, new Date())
    if (versionAdvice) report.warnings.push(versionAdvice)
    const timing = timingFromEnv(env)
    const ctx = await createContext(config, timing, redactor, timedPhases(log, report), report, fetch, env, io.isDebug())
    await HANDLERS[config.operation](ctx)
    if (report.result) log.info(report.result)
  } catch (error) {
    const failure = error instanceof ActionError ? error : new ActionError('run', `Unexpected error: ${describeError(error)}`)
    report.failure = {
      step: failure.step,
      message: redactor.redact(failure.message),
      fix: failure.fix && redactor.redact(failure.fix),
      title: failure.title,
    }
    log.failed(report.failure.message, report.failure.fix)
  } finally {
    for (const warning of report.warnings) log.warning(warning)
    for (const [name, value] of report.outputs) io.setOutput(name, name === 'token' ? value : redactor.redact(value))
    // For the alert issue (the reusable workflow passes them on): already redacted, like the annotation.
    if (report.failure) {
      io.setOutput('failure-step', report.failure.step)
      io.setOutput('failure-message', report.failure.message)
      io.setOutput('next-step', report.failure.fix ?? '')
    }
    await io
      .writeSummary(redactor.redact(renderSummary(report, text => redactor.redact(text))))
      .catch(error => log.info(`No job summary written: ${describeError(error)}`))
  }
}

async function createContext(
  config: Config,
  timing: Timing,
  redactor: Redactor,
  log: Logger,
  report: Report,
  fetch: Fetch,
  env: NodeJS.ProcessEnv,
  debugging: boolean
): Promise<OperationContext> {
  // Deploy runs get their own time on top of the run's usual deadline.
  const deadline = new Deadline(timing.deadlineMs + (config.deployWorkflows.length > 0 ? config.deployTimeoutMs : 0))
  // A debug line per request costs time at hundreds of requests, even when the runner drops it.
  const debugLines = debugging ? log.debug : undefined
  const graph = new GraphClient({
    baseUrl: config.graphApiUrl,
    version: config.graphApiVersion,
    appId: config.appId,
    appSecret: config.appSecret,
    requestTimeoutMs: config.requestTimeoutMs,
    timing,
    deadline,
    redactor,
    fetch,
    debug: debugLines,
    onVersionNotice: notice => {
      if (!report.warnings.includes(notice)) report.warnings.push(notice)
    },
    onRetry: (endpoint: string, error: GraphError, waitMs: number) => {
      log.info(`${error.message}; retrying in ${(waitMs / 1000).toFixed(1)} s`)
      if (MINTING_ENDPOINTS.has(endpoint) && error.kind !== 'graph') {
        report.notes.push(
          `Meta's ${endpoint} was retried after ${error.kind === 'timeout' ? 'a timeout' : 'a network error'}. If the lost answer carried a token, that token was never stored and expires on its own.`
        )
      }
    },
  })
  let store
  let github
  const githubToken = config.githubToken
  if (config.secretName && githubToken) {
    github = lazily(() =>
      createGitHubClient({
        token: githubToken,
        baseUrl: config.githubApiUrl,
        requestTimeoutMs: config.requestTimeoutMs,
        timing,
        deadline,
        fetch,
        parallelJobs: config.parallelJobs,
        debug: debugLines,
        onRetry: (route, error, waitMs) =>
          log.info(`GitHub ${route.split(' ')[0]}: ${error.message.replace(/^GitHub: /, '')}; retrying in ${(waitMs / 1000).toFixed(1)} s`),
        onPause: (waitMs, error) =>
          log.info(
            `GitHub: ${error.message.replace(/^GitHub: /, '')}; every GitHub request of this run waits ${(waitMs / 1000).toFixed(1)} s`
          ),
        onStop: (resumeAt, error) => {
          const note = `GitHub rate-limited this run (${error.message.replace(/^GitHub: /, '')}) and asked for a wait beyond its deadline, so no further GitHub request was sent; run again after ${minuteUtc(resumeAt)}.`
          if (!report.warnings.includes(note)) report.warnings.push(note)
        },
      })
    )
    store = new SecretStore({
      github,
      secretName: config.secretName,
      orgVisibility: config.orgVisibility,
      orgRepositories: config.orgRepositories,
    })
  }
  return { config, graph, store, github, log, report, deployPollMs: deployPollMsFromEnv(env) }
}

/**
 * The appsecret_proof of every token the run knows, registered before the first request: a
 * server may echo the proof of a token before the action ever computes it (the Graph client
 * registers those it sends as well).
 */
function registerProofs(io: ActionIO, redactor: Redactor, recordTokens: string[]): void {
  const [appSecret] = secretParts(io.getInput('app-secret'))
  if (!appSecret) return
  // Every secret input but the two that are no Meta token (the app secret itself, GitHub's token).
  const tokenInputs = SECRET_INPUTS.filter(name => name !== 'app-secret' && name !== 'github-token')
  const tokens = [...tokenInputs.flatMap(name => secretParts(io.getInput(name))), ...recordTokens]
  for (const token of tokens) redactor.register(appSecretProof(token, appSecret))
}

/** What the reader must know about lines of `previous-token` this run does not use (never quoting them). */
function recordWarnings(config: Config): string[] {
  const { unusable, overflow } = config.recordLines
  const warnings: string[] = []
  if (unusable > 0) {
    warnings.push(
      `${unusable} line(s) of \`previous-token\` cannot be tokens (shorter than ${MIN_SECRET_LENGTH} characters, or with whitespace inside): they are not used, and the record keeps them as they are.`
    )
  }
  if (overflow.length > 0) {
    warnings.push(
      `\`previous-token\` holds more than ${MAX_RECORD_TOKENS} tokens: this run handles the first ${MAX_RECORD_TOKENS}, and the record keeps the other ${overflow.length} as they are for the next \`rotate\` or \`retire\`.`
    )
  }
  return warnings
}

/**
 * A promise whose work starts when it is first awaited: Octokit (~40 ms of compilation) loads
 * when the operation first needs GitHub, so `emergency` can send its revocations before it.
 */
function lazily<T>(start: () => Promise<T>): Promise<T> {
  let started: Promise<T> | undefined
  const get = () => (started ??= start())
  return {
    then: (onFulfilled, onRejected) => get().then(onFulfilled, onRejected),
    catch: onRejected => get().catch(onRejected),
    finally: onFinally => get().finally(onFinally),
    [Symbol.toStringTag]: 'Promise',
  } as Promise<T>
}

export async function run(): Promise<void> {
  await main(coreIO(), process.env)
}

/** Every log group is a phase of the run: timed for the summary's chart. */
function timedPhases(log: Logger, report: Report): Logger {
  return {
    ...log,
    group: (name, work) => {
      const phase = { name, startMs: Date.now() - report.startedAt, endMs: 0, failed: false }
      report.phases.push(phase)
      const ended = (failed: boolean) => {
        phase.endMs = Date.now() - report.startedAt
        phase.failed = failed
      }
      return log.group(name, work).then(
        result => {
          ended(false)
          return result
        },
        error => {
          ended(true)
          throw error
        }
      )
    },
  }
}
