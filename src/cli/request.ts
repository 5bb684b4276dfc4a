/**
 * `spotify-ads request PATH`: one Ads API call, with the action's engine.
 * `requestOptions` turns the command line into the action's inputs, and
 * `runRequest` makes the call, so a new flag is one line in each.
 */
import { apiError, callApi } from '../api.js'
import { formatSeconds, type HttpResponse } from '../http.js'
import type { ActionInputs, ApiRequest } from '../inputs.js'
import { writeFileAtomic } from '../response-file.js'
import { describeTarget } from '../url.js'
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
  RefreshTokens
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
  'api-base-url': { type: 'string' }
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
    const tokens = new RefreshTokens(transport, inputs, log)
    await tokens.mint()

    log.info(`Calling ${request.method} ${describeTarget(request.url)}`)
    const started = Date.now()
    const response = await callApi(
      transport,
      inputs.apiBaseUrl,
      request,
      tokens,
      log
    )
    log.info(
      `HTTP ${response.status} in ${formatSeconds(Date.now() - started)}`
    )

    await deliver(response, options, context)
    if (response.status < 200 || response.status > 299) {
      throw apiError(request, response)
    }
    return 0
  } finally {
    transport.close()
  }
}

/** The answer as it came, whatever its status: to the file or stdout. */
async function deliver(
  response: HttpResponse,
  options: RequestOptions,
  { terminal, log }: CommandContext
): Promise<void> {
  const { body } = response
  if (options.out) {
    await writeFileAtomic(options.out, body)
    log.info(`Wrote ${body.length} bytes to ${options.out}`)
    return
  }
  terminal.stdout.write(body)
  // A prompt after an answer without a final newline would be hard to read.
  const last = body.at(-1)
  if (terminal.stdout.isTTY && last !== undefined && last !== 0x0a) {
    terminal.stdout.write('\n')
  }
}
