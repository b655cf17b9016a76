/**
 * The alert issue on GitHub: found by its label, the marker in its body and its author (the
 * alert's own token: anyone may open an issue with the label and the marker, and the alert must
 * not take such an issue over), created with the label, commented on, closed. Requests go through
 * the action's Octokit (timeouts, retries of 5xx and transport failures, rate limits honoured:
 * src/github/client.ts).
 */
import type { Octokit } from '../github/client.ts'
import type { Level } from './decide.ts'
import { issuePageUrl } from '../text/alert-inert.ts'
import { markerKey, readMarker, withMarker } from './text.ts'

export interface FoundIssue {
  number: number
  /** Its page, when GitHub's `html_url` is one on this server; otherwise ''. */
  url: string
  level: Level
  admin: boolean
  body: string
}

export interface Search {
  found: FoundIssue | undefined
  /** Issues with the label and this secret's marker that someone else opened: left alone. */
  foreign: number[]
}

interface IssueData {
  number: number
  html_url?: unknown
  body?: string | null
  user?: { login?: string } | null
  pull_request?: unknown
  labels?: Array<string | { name?: string }>
}

const LABEL_COLOR = 'd93f0b'
/** 10,000 open labelled issues: far more than any repository has; a bound on a run's requests. */
const MAX_PAGES = 100
const LABEL_DESCRIPTION = 'Meta Token Keeper: a Meta token needs attention'

export class IssueTracker {
  private readonly github: Octokit
  private readonly repo: { owner: string; repo: string }
  private readonly label: string
  private readonly serverUrl: string

  constructor(github: Octokit, owner: string, repo: string, label: string, serverUrl: string) {
    this.github = github
    this.repo = { owner, repo }
    this.label = label
    this.serverUrl = serverUrl
  }

  /**
   * The oldest open issue with the label whose marker is this repository's and secret's and that
   * the alert's token opened. Every page of labelled issues is read (up to MAX_PAGES), so an issue
   * past the first hundred is found again rather than opened twice.
   */
  async findOpen(secretName: string): Promise<Search> {
    const key = markerKey(`${this.repo.owner}/${this.repo.repo}`, secretName)
    const candidates: IssueData[] = []
    let pages = 0
    // https://docs.github.com/en/rest/issues/issues#list-repository-issues
    for await (const { data } of this.github.paginate.iterator(this.github.rest.issues.listForRepo, {
      ...this.repo,
      labels: this.label,
      state: 'open',
      sort: 'created',
      direction: 'asc',
      per_page: 100,
    })) {
      for (const issue of data as IssueData[]) {
        // The issues list includes pull requests.
        const found = issue.pull_request ? undefined : readMarker(issue.body)
        if (found?.secretName === secretName && found.key === key) candidates.push(issue)
      }
      if (++pages >= MAX_PAGES) break
    }
    if (candidates.length === 0) return { found: undefined, foreign: [] }
    const me = (await this.whoAmI()).toLowerCase()
    const own = candidates.find(issue => issue.user?.login?.toLowerCase() === me)
    const foreign = candidates.filter(issue => issue !== own).map(issue => issue.number)
    if (!own) return { found: undefined, foreign }
    const found = readMarker(own.body)!
    return {
      found: { number: own.number, url: this.pageOf(own), level: found.level, admin: found.admin, body: own.body ?? '' },
      foreign,
    }
  }

  /**
   * The login of the token's owner, as GitHub writes it as an issue's author: the user for a
   * PAT, `<app-slug>[bot]` for a GitHub App installation token (the workflow's own token is
   * `github-actions[bot]`). REST `GET /user` refuses installation tokens ("Resource not
   * accessible by integration"); GraphQL's `viewer` answers for both.
   */
  private async whoAmI(): Promise<string> {
    // https://docs.github.com/en/graphql/reference/queries#viewer
    const answer = await this.github.graphql<{ viewer?: { login?: unknown } }>('query { viewer { login } }')
    const login = answer.viewer?.login
    if (typeof login !== 'string' || login === '') throw new Error("GitHub's GraphQL API did not say which account the token is")
    return login
  }

  private pageOf(issue: IssueData): string {
    return issuePageUrl(issue.html_url, this.serverUrl, this.repo.owner, this.repo.repo, issue.number) ?? ''
  }

  /** Creates the issue with the label (creating the label first when the repository lacks it). */
  async open(title: string, body: string): Promise<{ number: number; url: string; labelled: boolean }> {
    await this.ensureLabel()
    // https://docs.github.com/en/rest/issues/issues#create-an-issue
    const { data } = await this.github.rest.issues.create({ ...this.repo, title, body, labels: [this.label] })
    const issue = data as IssueData
    // GitHub silently drops labels that the token may not set; without it the issue is never found again.
    const labelled = (issue.labels ?? []).some(label => (typeof label === 'string' ? label : label.name) === this.label)
    return { number: issue.number, url: this.pageOf(issue), labelled }
  }

  async comment(issueNumber: number, body: string): Promise<void> {
    // https://docs.github.com/en/rest/issues/comments#create-an-issue-comment
    await this.github.rest.issues.createComment({ ...this.repo, issue_number: issueNumber, body })
  }

  /**
   * Raises what the issue's marker says it is about: the level (so a passing check no longer
   * closes it) and the admin token (so only a run that checks it closes it).
   */
  async updateMarker(issue: FoundIssue, secretName: string, level: Level, admin: boolean): Promise<void> {
    if (issue.level === level && issue.admin === admin) return
    // https://docs.github.com/en/rest/issues/issues#update-an-issue
    await this.github.rest.issues.update({
      ...this.repo,
      issue_number: issue.number,
      body: withMarker(issue.body, `${this.repo.owner}/${this.repo.repo}`, secretName, level, admin),
    })
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
