import * as core from '@actions/core'

/** What the step did, as far as it got. Holds no secret. */
export interface RunReport {
  token?: { expiresAt: string; scope: string; rotated: boolean }
  request?: { method: string; target: string }
  status?: number
  responseFile?: { path: string; bytes: number; json: boolean }
  artifact?: { name: string; id: number; url?: string }
  failure?: string
}

/**
 * Writes a short table of what was done to the job summary. Outside a
 * runner (no `GITHUB_STEP_SUMMARY`) there is nowhere to write it.
 */
export async function writeSummary(report: RunReport): Promise<void> {
  if (!process.env.GITHUB_STEP_SUMMARY) return
  await core.summary
    .addHeading('Spotify Ads API', 3)
    .addTable([
      [
        { data: 'Step', header: true },
        { data: 'Result', header: true }
      ],
      ...rows(report)
    ])
    .write()
}

type Row = Parameters<typeof core.summary.addTable>[0][number]

function rows(report: RunReport): Row[] {
  const rows: Row[] = []
  const { token, request, responseFile, artifact } = report
  if (token) {
    const rotated = token.rotated
      ? '; Spotify returned a new refresh token'
      : ''
    rows.push(['Access token', `minted, expires ${token.expiresAt}${rotated}`])
  }
  if (request) {
    const status =
      report.status === undefined ? 'no answer' : `HTTP ${report.status}`
    rows.push([
      'Request',
      `${request.method} ${escape(request.target)}: ${status}`
    ])
  }
  if (responseFile) {
    const kind = responseFile.json ? 'JSON' : 'not JSON, kept as it came'
    rows.push([
      'Response file',
      `${escape(responseFile.path)} (${formatBytes(responseFile.bytes)}, ${kind})`
    ])
  }
  if (artifact) {
    const name = escape(artifact.name)
    const link = artifact.url
      ? `<a href="${escape(artifact.url)}">${name}</a>`
      : name
    rows.push(['Artifact', `${link} (id ${artifact.id})`])
  }
  if (report.failure) rows.push(['Failed', escape(report.failure)])
  return rows
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KiB`
  return `${(bytes / 1024 / 1024).toFixed(1)} MiB`
}

function escape(text: string): string {
  return text.replace(/[&<>"]/g, c => `&#${c.charCodeAt(0)};`)
}
