import { appendSummary } from './workflow.js'
import type { DocumentStats } from './paginate.js'

/** What the step did, as far as it got. Holds no secret. */
export interface RunReport {
  token?: { expiresAt: string; scope: string; rotated: boolean }
  request?: { method: string; target: string }
  status?: number
  responseFile?: { path: string; bytes: number; json: boolean }
  artifact?: { name: string; id: number; url?: string }
  document?: DocumentStats
  asyncReport?: {
    id: string
    status: string
    file?: string
    bytes?: number
    /** The CSV's header and first rows. */
    head?: string[][]
  }
  failure?: string
}

/** Columns shown of a list's first rows. */
const MAX_COLUMNS = 6
/** Rows shown of a list or report. */
const MAX_ROWS = 10
/** Columns shown of an async report's CSV. */
const MAX_REPORT_COLUMNS = 10

/**
 * Writes a short table of what was done to the job summary. Outside a
 * runner (no `GITHUB_STEP_SUMMARY`) there is nowhere to write it.
 */
export function writeSummary(report: RunReport): void {
  const parts = [
    heading('Spotify Ads API', 3),
    table([
      [
        { data: 'Step', header: true },
        { data: 'Result', header: true }
      ],
      ...rows(report)
    ])
  ]
  const sample = report.document && sampleTable(report.document)
  if (sample) parts.push(heading(sample.title, 4), table(sample.rows))
  const csv = report.asyncReport?.head
  if (csv && csv.length > 0) {
    const [header = [], ...rows] = csv.map(row =>
      row.slice(0, MAX_REPORT_COLUMNS)
    )
    parts.push(
      heading(`Report ${report.asyncReport!.id}: first ${rows.length} rows`, 4),
      table([
        header.map(cell => ({ data: escape(cell), header: true as const })),
        ...rows.map(row => row.map(escape))
      ])
    )
  }
  appendSummary(parts.join(''))
}

type Cell = string | { data: string; header: true }
type Row = Cell[]

function heading(text: string, level: number): string {
  return `<h${level}>${escape(text)}</h${level}>\n`
}

/** An HTML table; the cells are escaped by whoever made them. */
function table(rows: Row[]): string {
  const cells = (row: Row) =>
    row
      .map(cell =>
        typeof cell === 'string' ? `<td>${cell}</td>` : `<th>${cell.data}</th>`
      )
      .join('')
  return `<table>${rows.map(row => `<tr>${cells(row)}</tr>`).join('')}</table>\n`
}

/**
 * The first rows of a list, scalar fields only, or of a report, one
 * column per stat.
 */
function sampleTable(
  document: DocumentStats
): { title: string; rows: Row[] } | undefined {
  const items = document.firstItems.filter(isObject)
  if (items.length === 0) return undefined
  const count = document.itemCount ?? items.length
  const shown = items.slice(0, MAX_ROWS)
  const title = `${document.shape.listKey ?? 'items'}: ${count} in ${document.pageCount} page(s)${count > shown.length ? `, first ${shown.length} shown` : ''}`
  const report = shown.every(item => Array.isArray(item.stats))
  return { title, rows: report ? reportRows(shown) : listRows(shown) }
}

function listRows(items: Record<string, unknown>[]): Row[] {
  const columns = Object.keys(items[0]!)
    .filter(key => isScalar(items[0]![key]))
    .slice(0, MAX_COLUMNS)
  return [
    columns.map(column => ({ data: escape(column), header: true })),
    ...items.map(item => columns.map(column => escape(cell(item[column]))))
  ]
}

/** Report rows: the entity, its period, then each stat by its field type. */
function reportRows(items: Record<string, unknown>[]): Row[] {
  const entity = ['entity_name', 'entity_type', 'start_time']
  const fields = [
    ...new Set(
      items.flatMap(item =>
        (item.stats as unknown[])
          .filter(isObject)
          .map(stat => cell(stat.field_type))
      )
    )
  ]
  const header = [...entity, ...fields]
  return [
    header.map(column => ({ data: escape(column), header: true })),
    ...items.map(item => {
      const stats = new Map(
        (item.stats as unknown[])
          .filter(isObject)
          .map(stat => [cell(stat.field_type), cell(stat.field_value)])
      )
      return [
        ...entity.map(column => escape(cell(item[column]))),
        ...fields.map(field => escape(stats.get(field) ?? ''))
      ]
    })
  ]
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

function isScalar(value: unknown): boolean {
  return (
    value === null || ['string', 'number', 'boolean'].includes(typeof value)
  )
}

function cell(value: unknown): string {
  if (value === undefined || value === null) return ''
  if (typeof value === 'string') return value
  if (typeof value === 'number' || typeof value === 'boolean') {
    return String(value)
  }
  return JSON.stringify(value)
}

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
    const kind = responseFile.json
      ? 'JSON'
      : responseFile.bytes === 0
        ? 'empty'
        : 'not JSON, kept as it came'
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
  const csv = report.asyncReport
  if (csv) {
    const file = csv.file
      ? `: ${escape(csv.file)} (${formatBytes(csv.bytes ?? 0)})`
      : ''
    rows.push([
      'Async report',
      `${escape(csv.id)} ${escape(csv.status)}${file}`
    ])
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
