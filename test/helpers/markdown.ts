/**
 * The job summary as a reader sees it, for tests: parsed by a Markdown parser that knows GitHub's
 * extensions (tables, autolinked URLs, www. and e-mail addresses, strikethrough, footnotes, math),
 * so a test judges what the summary renders to, not how the action spells it.
 *
 * The parser is prettier's (a devDependency already, used by `npm run lint`): remark, reached
 * through prettier's `__debug.parse`, which its type declarations leave out. A prettier release
 * that drops it fails these tests loudly rather than passing them.
 */
import * as prettier from 'prettier'

export interface MarkdownNode {
  type: string
  children?: MarkdownNode[]
  value?: string
  depth?: number
  url?: string
  /** A code block's language. */
  lang?: string
}

interface PrettierDebug {
  __debug: { parse(text: string, options: { parser: string }): Promise<{ ast: MarkdownNode }> }
}

export async function parseMarkdown(markdown: string): Promise<MarkdownNode> {
  const { ast } = await (prettier as unknown as PrettierDebug).__debug.parse(markdown, { parser: 'markdown' })
  return ast
}

/** The text a node renders to: text, inline code and liquid tags (GitHub renders `{% … %}` as text) as they are. */
export function renderedText(node: MarkdownNode): string {
  if (node.type === 'text' || node.type === 'inlineCode' || node.type === 'liquidNode') return node.value ?? ''
  return (node.children ?? []).map(renderedText).join('')
}

/** Every node of the tree, depth first, with its parent (none for the root). */
export function* walk(node: MarkdownNode, parent?: MarkdownNode): Generator<{ node: MarkdownNode; parent: MarkdownNode | undefined }> {
  yield { node, parent }
  for (const child of node.children ?? []) yield* walk(child, node)
}

/** The summary's text with Markdown's escapes undone, for tests that look for words in it. */
export async function summaryText(markdown: string): Promise<string> {
  const tree = await parseMarkdown(markdown)
  return (tree.children ?? []).map(block => blockText(block)).join('\n')
}

function blockText(block: MarkdownNode): string {
  if (block.type === 'table')
    return (block.children ?? []).map(row => `| ${(row.children ?? []).map(renderedText).join(' | ')} |`).join('\n')
  if (block.type === 'list') return (block.children ?? []).map(item => `- ${renderedText(item)}`).join('\n')
  if (block.type === 'heading') return `${'#'.repeat(block.depth ?? 1)} ${renderedText(block)}`
  return renderedText(block)
}

/** The rendered table: its header and rows as the reader sees the cells. */
export async function renderedTable(markdown: string): Promise<{ heading: string; rows: string[][] }> {
  const tree = await parseMarkdown(markdown)
  const [heading, table] = tree.children ?? []
  if (heading?.type !== 'heading' || table?.type !== 'table') throw new Error(`not a heading and a table: ${markdown}`)
  return { heading: renderedText(heading), rows: (table.children ?? []).map(row => (row.children ?? []).map(renderedText)) }
}
