/**
 * What `--help` prints. Each text fits 80 columns and ends with examples and
 * the exit status, which every command shares.
 */

const EXIT_STATUS = `Exit status:
  0  success
  1  the command failed: Spotify refused a request, the Ads API answered
     with a status outside 2xx, or the authorization did not complete
  2  usage error: an unknown option, a missing argument or a bad value`

export const MAIN_HELP = `Usage: spotify-ads <command> [options]

The Spotify Ads API from a terminal, with the engine of the spotify-ads
GitHub Action: the same validation, retries and error messages.

Commands:
  authorize   Authorize your app in a browser once; get a refresh token
  token       Mint an access token and print it
  request     Call an Ads API path and print the JSON answer

Run 'spotify-ads <command> --help' for the options of a command.

Environment:
  SPOTIFY_CLIENT_ID       Client id of your Spotify app
  SPOTIFY_CLIENT_SECRET   Its client secret (authorize asks when it is unset)
  SPOTIFY_REFRESH_TOKEN   The refresh token authorize printed (token, request)

Examples:
  spotify-ads authorize --client-id 5f2c9e0d1a7b4c3e8f6a2b1c0d9e8f7a
  spotify-ads token
  spotify-ads request ad_accounts/$AD_ACCOUNT/campaigns --query limit=5

${EXIT_STATUS}
`

export const AUTHORIZE_HELP = `Usage: spotify-ads authorize --client-id ID [options]

Opens Spotify's consent page in your browser, waits for Spotify to send the
browser back to this machine, and exchanges the code for a refresh token.
Spotify expires refresh tokens 6 months after the authorization: run this
again twice a year.

The refresh token alone goes to standard output (or one JSON object with
--json); the URL to open and everything else go to standard error. The
client secret comes from SPOTIFY_CLIENT_SECRET, or is asked for without
echo: never from a flag, so that it stays out of your shell history.

Options:
  --client-id ID        Client id of your app (default: $SPOTIFY_CLIENT_ID)
  --redirect-uri URI    A redirect URI registered in your app's settings on
                        the developer dashboard; http on a loopback address
                        (default: http://127.0.0.1:8080/callback)
  --scope SCOPES        Scopes to ask for, separated by spaces (default: none)
  --no-open             Print the URL to open, but do not open a browser
  --json                Print one JSON object: refresh_token (unless
                        stored with --set-secret), expires_at, scope,
                        client_id, redirect_uri, authorized_at
  --set-secret [REPO]   Store the token as the Actions secret
                        SPOTIFY_REFRESH_TOKEN with gh (GitHub CLI), in REPO
                        (OWNER/NAME) or the repository of the current folder.
                        gh gets the token on standard input, never as an
                        argument
  --accounts-url URL    Spotify's accounts service
                        (default: https://accounts.spotify.com)
  --verbose             Show each request, with credentials redacted
  -h, --help            Show this help

Environment:
  SPOTIFY_CLIENT_ID, SPOTIFY_CLIENT_SECRET
  SPOTIFY_ADS_AUTHORIZE_TIMEOUT_SECONDS
                        Seconds to wait for the browser (default 300); meant
                        for tests

Examples:
  spotify-ads authorize --client-id 5f2c9e0d1a7b4c3e8f6a2b1c0d9e8f7a
  export SPOTIFY_CLIENT_ID=5f2c9e0d1a7b4c3e8f6a2b1c0d9e8f7a
  spotify-ads authorize --set-secret my-org/ad-reports
  spotify-ads authorize | gh secret set SPOTIFY_REFRESH_TOKEN

${EXIT_STATUS}
`

export const TOKEN_HELP = `Usage: spotify-ads token [options]

Mints an access token from SPOTIFY_CLIENT_ID, SPOTIFY_CLIENT_SECRET and
SPOTIFY_REFRESH_TOKEN, and prints only the token to standard output, for use
in other commands. It lives one hour. Status lines go to standard error, and
only when it is a terminal.

Options:
  --accounts-url URL      Spotify's accounts service
                          (default: https://accounts.spotify.com)
  --timeout-seconds N     Time allowed for each request, 1 to 3600 (default 30)
  --max-retries N         Retries of a transient failure, 0 to 10 (default 3)
  --verbose               Show each request, with credentials redacted
  -h, --help              Show this help

Examples:
  curl -H "Authorization: Bearer $(spotify-ads token)" \\
    https://api-partner.spotify.com/ads/v3/businesses

${EXIT_STATUS}
`

export const REQUEST_HELP = `Usage: spotify-ads request PATH [options]

Mints an access token (as the token command does), calls the Ads API and
prints the answer as it came to standard output, or writes it to a file. A
status outside 2xx still prints the answer, says what went wrong (with
Spotify's sp_trace_id) on standard error, and exits 1.

PATH is relative to --api-base-url (businesses, ad_accounts/ID/campaigns),
or an absolute URL on the same origin.

Options:
  --method METHOD         GET, POST, PUT, PATCH or DELETE (default GET)
  --query KEY=VALUE       A query parameter; repeat for more, or for an
                          array parameter (--query fields=IMPRESSIONS
                          --query fields=CLICKS)
  --body JSON             JSON request body, not with GET
  --out FILE              Write the answer to FILE instead of standard output
  --paginate              Fetch every page of a list (paging) or a report
                          (continuation_token) as one document
  --max-pages N           Fail rather than fetch more pages (default 1000)
  --concurrency N         Pages fetched at once, 1 to 16 (default 4)
  --select EXPR           Print the JSON this JMESPath expression selects,
                          instead of the answer (which --out still keeps)
  --assert EXPR           Exit 1 unless this JMESPath expression is truthy
  --wait-for-report       After POST ad_accounts/ID/async_reports, wait until
                          the report is READY and save its CSV
  --poll-interval-seconds N  Seconds between status reads (default 10)
  --wait-timeout-seconds N   Give up after N seconds (default 1800)
  --report-file FILE      Where the CSV goes (default: report-ID.csv here)
  --api-base-url URL      Base URL of the Ads API
                          (default: https://api-partner.spotify.com/ads/v3)
  --accounts-url URL      Spotify's accounts service
                          (default: https://accounts.spotify.com)
  --timeout-seconds N     Time allowed for each request, 1 to 3600 (default 30)
  --max-retries N         Retries of a transient failure, 0 to 10 (default 3)
  --verbose               Show each request, with credentials redacted
  -h, --help              Show this help

Environment:
  SPOTIFY_CLIENT_ID, SPOTIFY_CLIENT_SECRET, SPOTIFY_REFRESH_TOKEN

Examples:
  spotify-ads request businesses
  spotify-ads request ad_accounts/$AD_ACCOUNT/campaigns --query limit=50 \\
    --out campaigns.json
  spotify-ads request ad_accounts/$AD_ACCOUNT/campaigns --paginate \\
    --select 'campaigns[].name'
  spotify-ads request ad_accounts/$AD_ACCOUNT/campaigns --method POST \\
    --body '{"name": "Winter launch", "objective": "REACH"}'
  spotify-ads request ad_accounts/$AD_ACCOUNT/async_reports --method POST \\
    --body '{"name": "Daily", "granularity": "LIFETIME",
             "dimensions": ["CAMPAIGN_NAME"], "metrics": ["IMPRESSIONS"]}' \\
    --wait-for-report --report-file campaigns.csv

${EXIT_STATUS}
`
