// pa11y (HTML_CodeSniffer, WCAG2AA) over the pages named on stdin, for tests/e2e/test_pages.py.
// stdin: {"urls": [...], "cookie": "sessionid=…" or ""}; stdout: the errors found, as JSON
// [{url, code, message, selector, context}]. Chromium is Debian's (no browser download: PUPPETEER_SKIP_DOWNLOAD).
'use strict';
const pa11y = require('pa11y');

const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';

async function main() {
  const chunks = [];
  for await (const chunk of process.stdin) chunks.push(chunk);
  const {urls, cookie} = JSON.parse(Buffer.concat(chunks).toString('utf8'));
  const errors = [];
  for (const url of urls) {
    const result = await pa11y(url, {
      standard: 'WCAG2AA',
      includeWarnings: false,
      includeNotices: false,
      headers: cookie ? {Cookie: cookie} : {},
      // A page that redirected (to the login page, say) would be checked in place of the one asked for.
      actions: [`wait for path to be ${new URL(url).pathname}`],
      timeout: 30000,
      chromeLaunchConfig: {executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu']},
    }).catch(error => {
      throw new Error(`${url}: ${error.message} (did the page redirect, or not load?)`);
    });
    for (const issue of result.issues) {
      if (issue.type !== 'error') continue;
      errors.push({url, code: issue.code, message: issue.message, selector: issue.selector, context: (issue.context || '').slice(0, 160)});
    }
  }
  process.stdout.write(JSON.stringify(errors));
}

main().catch(error => { console.error(error); process.exit(1); });
