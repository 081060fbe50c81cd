import fs from 'node:fs';
import path from 'node:path';
import {
  DOCUMENT_FILE,
  OPENAPI_DIR,
  POSTMAN_FILE,
  renderJson,
  renderPostman,
  renderTypes,
  servedDocument,
  TYPES_FILE,
} from './lib/openapi-artifacts.js';

// `npm run openapi`: regenerates the committed API description from the code. Run it after changing a route or a
// schema; test/openapi/ fails while the committed files differ from what the server serves.

const document = await servedDocument();
fs.mkdirSync(OPENAPI_DIR, { recursive: true });
const outputs: [string, string][] = [
  [DOCUMENT_FILE, renderJson(document)],
  [POSTMAN_FILE, await renderPostman(document)],
  [TYPES_FILE, await renderTypes(document)],
];
for (const [file, text] of outputs) {
  fs.writeFileSync(file, text);
  process.stdout.write(`wrote ${path.relative(process.cwd(), file)} (${Buffer.byteLength(text)} bytes)\n`);
}
