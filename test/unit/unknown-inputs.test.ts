/**
 * The input names the action checks a step's inputs against come from action.yml itself (read
 * by a small line reader, so the bundle carries no YAML parser): they must be exactly the keys a
 * YAML parser finds, in both actions' metadata, so that an input added there is accepted at once.
 */
import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, it } from 'node:test'
import { parse } from 'yaml'
import { declaredInputs, inputNames, refuseUnknownInputs } from '../../src/inputs/unknown-inputs.ts'
import { ROOT } from '../helpers/run-action.ts'

describe('the declared inputs (action.yml)', () => {
  for (const file of ['action.yml', 'alert/action.yml']) {
    it(`reads the same input names as a YAML parser from ${file}`, () => {
      const text = readFileSync(join(ROOT, file), 'utf8')
      assert.deepEqual(inputNames(text), Object.keys((parse(text) as { inputs: object }).inputs))
    })
  }

  it('finds the action.yml at the repository root from the sources', () => {
    assert.deepEqual(declaredInputs(), inputNames(readFileSync(join(ROOT, 'action.yml'), 'utf8')))
  })

  it('reads quoted keys, comments and a later top-level key', () => {
    const text =
      "name: x\ninputs:\n  # a comment\n  plain:\n    description: 'a: b'\n  'quoted-name':\n    default: ''\n  \"double\": {}\noutputs:\n  not-an-input:\n    description: y\n"
    assert.deepEqual(inputNames(text), ['plain', 'quoted-name', 'double'])
  })

  it('matches names as the runner spells the variables (upper case, spaces as _)', () => {
    const env = { 'INPUT_SECRET-TARGETS': 'a/b', INPUT_MY_INPUT: 'x', PATH: '/bin' }
    assert.doesNotThrow(() => refuseUnknownInputs(env, ['secret-targets', 'my input']))
    assert.throws(() => refuseUnknownInputs(env, ['secret-targets']), /Input `my_input`: is not an input of this action/)
  })
})
