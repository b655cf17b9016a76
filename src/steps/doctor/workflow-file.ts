/**
 * What a deploy workflow's file says about a dispatch: whether it has a `workflow_dispatch`
 * trigger, and which of its inputs are required without a default (the action dispatches without
 * inputs, and GitHub refuses such a dispatch with 422). A small reader of the one YAML shape
 * GitHub documents for triggers (block mappings, an inline `on:` list or name), written by hand
 * rather than bundling a YAML parser into every run for two questions.
 */
export interface DispatchShape {
  dispatchable: boolean
  requiredInputs: string[]
}

interface Line {
  indent: number
  key: string
  value: string
}

export function dispatchShape(text: string): DispatchShape {
  const lines = parseLines(text)
  const on = lines.findIndex(line => line.indent === 0 && /^["']?(on|true)["']?$/.test(line.key))
  if (on < 0) return { dispatchable: false, requiredInputs: [] }
  const inline = lines[on].value
  if (inline !== '') return { dispatchable: /(^|[\s,[])["']?workflow_dispatch["']?([\s,\]]|$)/.test(inline), requiredInputs: [] }
  const triggers = children(lines, on)
  const dispatch = triggers.find(index => lines[index].key === 'workflow_dispatch')
  if (dispatch === undefined) return { dispatchable: false, requiredInputs: [] }
  const inputs = children(lines, dispatch).find(index => lines[index].key === 'inputs')
  if (inputs === undefined) return { dispatchable: true, requiredInputs: [] }
  const requiredInputs = children(lines, inputs)
    .filter(index => {
      const fields = children(lines, index).map(field => lines[field])
      const required = fields.some(field => field.key === 'required' && /^["']?true["']?$/.test(field.value))
      return required && !fields.some(field => field.key === 'default')
    })
    .map(index => lines[index].key)
  return { dispatchable: true, requiredInputs }
}

/** Every `key: value` line (comments, blanks, list items and text blocks carry no trigger). */
function parseLines(text: string): Line[] {
  const lines: Line[] = []
  for (const raw of text.split(/\r?\n/)) {
    const match = /^( *)(["']?[A-Za-z0-9_.-]+["']?)\s*:(?:\s+(.*?))?\s*$/.exec(raw.replace(/\s+#.*$/, ''))
    if (!match) continue
    lines.push({ indent: match[1].length, key: match[2].replace(/^["']|["']$/g, ''), value: match[3] ?? '' })
  }
  return lines
}

/** The indices of the lines directly under `parent` (one level deeper). */
function children(lines: Line[], parent: number): number[] {
  const result: number[] = []
  let level: number | undefined
  for (let index = parent + 1; index < lines.length && lines[index].indent > lines[parent].indent; index++) {
    level ??= lines[index].indent
    if (lines[index].indent === level) result.push(index)
  }
  return result
}
