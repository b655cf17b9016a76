import { ActionError, describeError } from './runtime/errors.ts'
import { createGitHubClient } from './github/client.ts'
import { SecretStore } from './github/secret-store.ts'
import { GraphClient, MINTING_ENDPOINTS } from './graph/client.ts'
import { createFetch, type Fetch } from './runtime/http.ts'
import type { GraphError } from './graph/errors.ts'
import { secretParts } from './inputs/rules.ts'
import { type Config, type Operation, OPERATIONS, parseConfig, SECRET_INPUTS } from './inputs/inputs.ts'
import { check } from './operations/check.ts'
import type { Logger, OperationContext } from './operations/context.ts'
import { generate } from './operations/generate.ts'
import { installApp } from './operations/install-app.ts'
import { refresh } from './operations/refresh.ts'
import { retire } from './operations/retire.ts'
import { emergency } from './operations/emergency.ts'
import { revoke } from './operations/revoke.ts'
import { rotate } from './operations/rotate.ts'
import { type ActionIO, coreIO } from './runtime/io.ts'
import { parseRecord } from './inputs/record.ts'
import { Redactor } from './report/redactor.ts'
import { Report } from './report/report.ts'
import { Deadline } from './runtime/retry.ts'
import { createRunLog } from './report/run-log.ts'
import { renderSummary } from './report/summary.ts'
import { deployPollMsFromEnv, timingFromEnv, type Timing } from './runtime/timing.ts'

const HANDLERS: Record<Operation, (ctx: OperationContext) => Promise<void>> = {
  check,
  refresh,
  rotate,
  revoke,
  retire,
  generate,
  'install-app': installApp,
  emergency,
}

export type { ActionIO }

export async function main(io: ActionIO, env: NodeJS.ProcessEnv, fetch: Fetch = createFetch(env)): Promise<void> {
  const redactor = new Redactor(value => io.setSecret(value))
  const log = createRunLog(io, text => redactor.redact(text))
  const operationInput = io.getInput('operation').trim().toLowerCase() || 'rotate'
  // Until the inputs are validated, the summary names only a known operation.
  const report = new Report(
    (OPERATIONS as readonly string[]).includes(operationInput) ? (operationInput as Operation) : 'unknown operation'
  )
  try {
    // Promise 1: every secret input is masked before anything else happens; one too short to be
    // a secret is not (parseConfig refuses it).
    for (const name of SECRET_INPUTS) for (const part of secretParts(io.getInput(name))) redactor.register(part)
    // Each line of the record is a token of its own (lines too short to be one are dropped, unmasked).
    for (const token of parseRecord(io.getInput('previous-token'), '').tokens) redactor.register(token)
    const config = parseConfig(name => io.getInput(name), env)
    if (config.droppedRecordLines > 0) {
      report.warnings.push(
        `${config.droppedRecordLines} line(s) of \`previous-token\` cannot be tokens (shorter than 16 characters, or with whitespace inside) and were ignored.`
      )
    }
    const timing = timingFromEnv(env)
    const ctx = await createContext(config, timing, redactor, timedPhases(log, report), report, fetch, env)
    await HANDLERS[config.operation](ctx)
    if (report.result) log.info(report.result)
  } catch (error) {
    const failure = error instanceof ActionError ? error : new ActionError('run', `Unexpected error: ${describeError(error)}`)
    report.failure = { step: failure.step, message: redactor.redact(failure.message), fix: failure.fix && redactor.redact(failure.fix) }
    log.failed(report.failure.message, report.failure.fix)
  } finally {
    for (const warning of report.warnings) log.warning(warning)
    for (const [name, value] of report.outputs) io.setOutput(name, name === 'token' ? value : redactor.redact(value))
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
  env: NodeJS.ProcessEnv
): Promise<OperationContext> {
  // Deploy runs get their own time on top of the run's usual deadline.
  const deadline = new Deadline(timing.deadlineMs + (config.deployWorkflows.length > 0 ? config.deployTimeoutMs : 0))
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
    debug: log.debug,
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
        debug: log.debug,
        onRetry: (route, error, waitMs) =>
          log.info(`GitHub ${route.split(' ')[0]}: ${error.message.replace(/^GitHub: /, '')}; retrying in ${(waitMs / 1000).toFixed(1)} s`),
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
