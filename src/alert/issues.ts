/**
 * The alert issue on GitHub: found by its label and the marker in its body, created with the
 * label, commented on, closed. Requests go through the action's Octokit (timeouts, retries of
 * 5xx and transport failures, rate limits honoured: src/github/client.ts).
 */
import type { Octokit } from '../github/client.ts'
import type { Level } from './decide.ts'
import { readMarker, withLevel } from './text.ts'

export interface FoundIssue {
  number: number
  url: string
  level: Level
  body: string
}

interface IssueData {
  number: number
  html_url: string
  body?: string | null
  pull_request?: unknown
  labels?: Array<string | { name?: string }>
}

const LABEL_COLOR = 'd93f0b'
const LABEL_DESCRIPTION = 'Meta Token Keeper: a Meta token needs attention'

export class IssueTracker {
  private readonly github: Octokit
  private readonly repo: { owner: string; repo: string }
  private readonly label: string

  constructor(github: Octokit, owner: string, repo: string, label: string) {
    this.github = github
    this.repo = { owner, repo }
    this.label = label
  }

  /** The oldest open issue with the label whose marker names this secret. */
  async findOpen(secretName: string): Promise<FoundIssue | undefined> {
    // https://docs.github.com/en/rest/issues/issues#list-repository-issues
    const { data } = await this.github.rest.issues.listForRepo({
      ...this.repo,
      labels: this.label,
      state: 'open',
      sort: 'created',
      direction: 'asc',
      per_page: 100,
    })
    for (const issue of data as IssueData[]) {
      if (issue.pull_request) continue // the issues list includes pull requests
      const found = readMarker(issue.body)
      if (found && found.secretName === secretName)
        return { number: issue.number, url: issue.html_url, level: found.level, body: issue.body ?? '' }
    }
    return undefined
  }

  /** Creates the issue with the label (creating the label first when the repository lacks it). */
  async open(title: string, body: string): Promise<{ number: number; url: string; labelled: boolean }> {
    await this.ensureLabel()
    // https://docs.github.com/en/rest/issues/issues#create-an-issue
    const { data } = await this.github.rest.issues.create({ ...this.repo, title, body, labels: [this.label] })
    const issue = data as IssueData
    // GitHub silently drops labels that the token may not set; without it the issue is never found again.
    const labelled = (issue.labels ?? []).some(label => (typeof label === 'string' ? label : label.name) === this.label)
    return { number: issue.number, url: issue.html_url, labelled }
  }

  async comment(issueNumber: number, body: string): Promise<void> {
    // https://docs.github.com/en/rest/issues/comments#create-an-issue-comment
    await this.github.rest.issues.createComment({ ...this.repo, issue_number: issueNumber, body })
  }

  /** Raises the level written in the issue's marker (so a passing check no longer closes it). */
  async raiseLevel(issue: FoundIssue, secretName: string, level: Level): Promise<void> {
    if (issue.level === level) return
    // https://docs.github.com/en/rest/issues/issues#update-an-issue
    await this.github.rest.issues.update({ ...this.repo, issue_number: issue.number, body: withLevel(issue.body, secretName, level) })
  }

  async close(issueNumber: number, comment: string): Promise<void> {
    await this.comment(issueNumber, comment)
    // https://docs.github.com/en/rest/issues/issues#update-an-issue
    await this.github.rest.issues.update({ ...this.repo, issue_number: issueNumber, state: 'closed', state_reason: 'completed' })
  }

  private async ensureLabel(): Promise<void> {
    try {
      // https://docs.github.com/en/rest/issues/labels#get-a-label
      await this.github.rest.issues.getLabel({ ...this.repo, name: this.label })
      return
    } catch (error) {
      if ((error as { status?: number }).status !== 404) throw error
    }
    try {
      // https://docs.github.com/en/rest/issues/labels#create-a-label
      await this.github.rest.issues.createLabel({ ...this.repo, name: this.label, color: LABEL_COLOR, description: LABEL_DESCRIPTION })
    } catch (error) {
      // Another run created it in the meantime.
      if ((error as { status?: number }).status !== 422) throw error
    }
  }
}
