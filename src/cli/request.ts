/**
 * `spotify-ads request PATH`: one Ads API call, with the action's engine.
 * `requestOptions` turns the command line into the action's inputs, and
 * `runRequest` makes the call, so a new flag is one line in each.
 */
import { readFile, stat } from 'node:fs/promises'
import { apiError } from '../api.js'
import { resolve } from 'node:path'
import {
  applyExpressions,
  fetchDocument,
  type ApiContext,
  type DocumentSink
} from '../document.js'
import { createdReportId, waitForReport, type ReportWait } from '../report.js'
import type { ActionInputs, ApiRequest } from '../inputs.js'
import { writeFileAtomic, type FileContent } from '../response-file.js'
import {
  ACCOUNTS_OPTIONS,
  COMMON_OPTIONS,
  parseCommand,
  type Env
} from './args.js'
import type { CommandContext } from './command.js'
import {
  createTransport,
  ENGINE_OPTIONS,
  parseEngineInputs,
  refreshingTokens
} from './engine.js'
import { UsageError } from './errors.js'

const REQUEST_OPTIONS = {
  ...COMMON_OPTIONS,
  ...ACCOUNTS_OPTIONS,
  ...ENGINE_OPTIONS,
  method: { type: 'string' },
  query: { type: 'string', multiple: true },
  body: { type: 'string' },
  out: { type: 'string' },
  'api-base-url': { type: 'string' },
  paginate: { type: 'boolean' },
  'max-pages': { type: 'string' },
  concurrency: { type: 'string' },
  select: { type: 'string' },
  assert: { type: 'string' },
  'wait-for-report': { type: 'boolean' },
  'poll-interval-seconds': { type: 'string' },
  'wait-timeout-seconds': { type: 'string' },
  'report-file': { type: 'string' }
} as const

export interface RequestOptions {
  inputs: ActionInputs
  request: ApiRequest
  /** Absolute; absent to print the answer to standard output. */
  out?: string
  verbose: boolean
}

export function requestOptions(args: string[], env: Env): RequestOptions {
  const { values, positionals } = parseCommand(args, REQUEST_OPTIONS)
  const [path, extra] = positionals
  if (!path?.trim()) {
    throw new UsageError(
      'PATH is missing: give an Ads API path such as businesses or ad_accounts/ID/campaigns'
    )
  }
  if (extra !== undefined) {
    throw new UsageError(
      `unexpected argument '${extra}': give one PATH, and each query parameter as --query KEY=VALUE`
    )
  }
  for (const pair of values.query ?? []) {
    if (!/^[^=]*\S[^=]*=/.test(pair)) {
      throw new UsageError(
        `--query '${pair}' is not KEY=VALUE; write --query fields=IMPRESSIONS`
      )
    }
  }

  const inputs = parseEngineInputs({ ...values, path }, env)
  if (!inputs.request) throw new UsageError('PATH is missing')
  return {
    inputs,
    request: inputs.request,
    out: inputs.responseFile,
    verbose: values.verbose === true
  }
}

export async function runRequest(
  options: RequestOptions,
  context: CommandContext
): Promise<number> {
  const { inputs, request } = options
  const { log } = context
  const transport = createTransport(inputs, log)
  try {
    const tokens = refreshingTokens(transport, inputs, log)
    await tokens.mint()

    const engine = { transport, apiBaseUrl: inputs.apiBaseUrl, tokens, log }
    const sink = documentSink(options, context)
    const fetched = await fetchDocument(engine, request, inputs.paging, sink)
    if (!fetched.ok) throw apiError(request, fetched.response)
    if (inputs.report) {
      await saveReport(engine, options, fetched.parsed, inputs.report, context)
    }

    const result = await applyExpressions(
      inputs,
      fetched,
      sink.readWhole,
      options.out ?? 'memory'
    )
    if (result !== undefined) context.terminal.stdout.write(`${result}\n`)
    if (inputs.assert) log.info(`assert \`${inputs.assert}\` holds.`)
    return 0
  } finally {
    transport.close()
  }
}

/**
 * Waits for the async report the request created and saves its CSV to
 * --report-file, by default report-ID.csv in the current folder.
 */
async function saveReport(
  engine: ApiContext,
  options: RequestOptions,
  created: unknown,
  wait: ReportWait,
  { terminal }: CommandContext
): Promise<void> {
  const id = createdReportId(created)
  const reportFile = wait.reportFile ?? resolve(`report-${id}.csv`)
  const done = await waitForReport(
    engine,
    options.request,
    id,
    { ...wait, reportFile },
    () => undefined
  )
  terminal.stderr.write(
    `Report ${id} is ${done.status}: ${done.bytes ?? 0} bytes of CSV in ${reportFile}\n`
  )
}

type CliSink = DocumentSink & { readWhole: () => Promise<string> }

/**
 * Where the answer goes: the --out file (replaced whole), memory when
 * --select prints only its result, or standard output as it arrives.
 */
function documentSink(
  options: RequestOptions,
  { terminal, log }: CommandContext
): CliSink {
  const { out } = options
  if (out) {
    const sink = async (content: FileContent) => {
      await writeFileAtomic(out, content)
      const { size } = await stat(out)
      log.info(`Wrote ${size} bytes to ${out}`)
      return size
    }
    return Object.assign(sink, { readWhole: () => readFile(out, 'utf8') })
  }

  if (options.inputs.select) {
    let text = ''
    const sink = async (content: FileContent) => {
      for await (const chunk of chunksOf(content)) text += chunk.toString()
      return Buffer.byteLength(text)
    }
    return Object.assign(sink, { readWhole: () => Promise.resolve(text) })
  }

  const sink = async (content: FileContent) => {
    let bytes = 0
    let last = ''
    for await (const chunk of chunksOf(content)) {
      const text = chunk.toString()
      bytes += Buffer.byteLength(text)
      if (text) last = text
      await write(terminal.stdout, chunk)
    }
    // A prompt after an answer without a final newline would be hard to read.
    if (terminal.stdout.isTTY && last && !last.endsWith('\n')) {
      terminal.stdout.write('\n')
    }
    return bytes
  }
  return Object.assign(sink, {
    readWhole: () =>
      Promise.reject(new Error('the answer went to standard output'))
  })
}

async function* chunksOf(
  content: FileContent
): AsyncGenerator<string | Uint8Array> {
  if (typeof content === 'string' || content instanceof Uint8Array) {
    yield content
    return
  }
  yield* content
}

/** Writes with backpressure, so a slow pipe does not fill memory. */
async function write(
  stream: CommandContext['terminal']['stdout'],
  chunk: string | Uint8Array
): Promise<void> {
  stream.write(chunk)
  await stream.drained?.()
}
