import assert from 'node:assert/strict'
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, it } from 'node:test'
import { runnerIO } from '../../src/runner.ts'
import { parseOutputFile } from '../helpers/run-action.ts'

function capture(action: () => void | Promise<void>): Promise<string> {
  const write = process.stdout.write.bind(process.stdout)
  let text = ''
  process.stdout.write = ((chunk: string) => {
    text += chunk
    return true
  }) as typeof process.stdout.write
  return Promise.resolve(action()).then(
    () => {
      process.stdout.write = write
      return text
    },
    error => {
      process.stdout.write = write
      throw error
    }
  )
}

describe('runnerIO (the runner protocol)', () => {
  it('reads inputs as the runner passes them: INPUT_ + upper case, hyphens kept', () => {
    const io = runnerIO({ 'INPUT_APP-ID': '42', 'INPUT_MY_INPUT': 'x' })
    assert.equal(io.getInput('app-id'), '42')
    assert.equal(io.getInput('my input'), 'x')
    assert.equal(io.getInput('missing'), '')
  })

  it('escapes command data so a value cannot start a second command', async () => {
    const io = runnerIO({})
    const text = await capture(() => io.setSecret('50%\nvalue\r::error::x'))
    assert.equal(text, '::add-mask::50%25%0Avalue%0D::error::x\n')
  })

  it('writes outputs the runner can read back, multi-line values included', () => {
    const dir = mkdtempSync(join(tmpdir(), 'mtk-runner-'))
    const file = join(dir, 'output')
    writeFileSync(file, '')
    const io = runnerIO({ GITHUB_OUTPUT: file })
    io.setOutput('secrets-updated', 'a/b\nc/d:prod')
    io.setOutput('rotated', 'true')
    assert.deepEqual(parseOutputFile(readFileSync(file, 'utf8')), { 'secrets-updated': 'a/b\nc/d:prod', rotated: 'true' })
  })

  it('prints nothing for outputs outside a runner (the token output would show)', async () => {
    const text = await capture(() => runnerIO({}).setOutput('token', 'fake-value'))
    assert.equal(text, '')
  })

  it('marks the step failed with an error annotation', async () => {
    const before = process.exitCode
    const text = await capture(() => runnerIO({}).setFailed('Input `app-id`: bad'))
    assert.equal(text, '::error::Input `app-id`: bad\n')
    assert.equal(process.exitCode, 1)
    process.exitCode = before
  })

  it('appends the job summary', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'mtk-runner-')), 'summary')
    writeFileSync(file, 'earlier step\n')
    await runnerIO({ GITHUB_STEP_SUMMARY: file }).writeSummary('## ours')
    assert.equal(readFileSync(file, 'utf8'), 'earlier step\n## ours\n')
  })
})
