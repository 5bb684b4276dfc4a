/**
 * Async CSV reports as the Ads API makes them: `POST …/async_reports`
 * answers 201 `{id}`; `GET …/async_reports/{id}` answers `PROCESSING` for a
 * while, then `READY` with a signed `report_url` on a storage host, or
 * `FAILED` or `EXPIRED`.
 */
import { randomUUID } from 'node:crypto'
import type { ReportRow } from './data.js'
import type { FakeStorage } from './storage.js'

export type AsyncReportOutcome = 'READY' | 'FAILED' | 'EXPIRED' | 'NEVER'

export interface AsyncReportSettings {
  /** Status reads that answer PROCESSING before the outcome; default 2. */
  polls: number
  /** What the report ends as; NEVER stays PROCESSING. Default READY. */
  outcome: AsyncReportOutcome
}

interface AsyncReport {
  id: string
  name: string
  submittedAt: string
  pollsLeft: number
  reportUrl?: string
}

/** What a handler answers: a status and a JSON body. */
export interface JsonAnswer {
  status: number
  body: unknown
}

const REQUIRED = ['name', 'granularity', 'dimensions', 'metrics']

/** The CSV a report holds: one line a report row, every stat a column. */
export function reportCsv(rows: ReportRow[]): string {
  const fields = rows[0]?.stats.map(stat => stat.field_type) ?? []
  const header = ['entity_name', 'entity_type', 'start_time', ...fields]
  const lines = rows.map(row =>
    [
      row.entity_name,
      row.entity_type,
      row.start_time,
      ...row.stats.map(stat => String(stat.field_value))
    ]
      .map(csvCell)
      .join(',')
  )
  return `${[header.join(','), ...lines].join('\r\n')}\r\n`
}

function csvCell(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value
}

export class AsyncReports {
  readonly created: AsyncReport[] = []

  constructor(
    private readonly settings: AsyncReportSettings,
    private readonly rows: ReportRow[],
    private readonly storage: FakeStorage
  ) {}

  create(body: Record<string, unknown>): JsonAnswer {
    const missing = REQUIRED.filter(key => body[key] === undefined)
    if (missing.length > 0) {
      return badRequest(`Missing required fields: ${missing.join(', ')}`)
    }
    if (typeof body.name !== 'string' || !/^[\w -]{2,120}$/.test(body.name)) {
      return badRequest('name must be 2 to 120 letters, digits, spaces, _ or -')
    }
    const report: AsyncReport = {
      id: randomUUID(),
      name: body.name,
      submittedAt: new Date().toISOString().replace(/\.\d{3}Z$/, 'Z'),
      pollsLeft: this.settings.polls
    }
    this.created.push(report)
    return { status: 201, body: { id: report.id } }
  }

  read(id: string): JsonAnswer {
    const report = this.created.find(candidate => candidate.id === id)
    if (!report) {
      return {
        status: 404,
        body: {
          sp_trace_id: randomUUID(),
          messages: ['Report not found'],
          error_codes: [{ code: 'NOT_FOUND', definition: 'Report not found' }]
        }
      }
    }
    const status = this.advance(report)
    const body: Record<string, unknown> = {
      status,
      submitted_at: report.submittedAt
    }
    if (status !== 'PROCESSING') {
      body.completed_at = new Date().toISOString().replace(/\.\d{3}Z$/, 'Z')
    }
    if (status === 'READY') {
      report.reportUrl ??= this.storage.put(
        `${report.id}.csv`,
        reportCsv(this.rows)
      )
      body.report_url = report.reportUrl
    }
    return { status: 200, body }
  }

  private advance(report: AsyncReport): string {
    if (report.pollsLeft > 0) {
      report.pollsLeft--
      return 'PROCESSING'
    }
    const { outcome } = this.settings
    return outcome === 'NEVER' ? 'PROCESSING' : outcome
  }
}

function badRequest(message: string): JsonAnswer {
  return {
    status: 400,
    body: {
      sp_trace_id: randomUUID(),
      messages: [message],
      error_codes: [{ code: 'INVALID_ARGUMENT', definition: message }]
    }
  }
}
