/**
 * Imported first by the webview script: zod would otherwise probe `new Function('')` while its
 * schemas are built, which the page's CSP blocks and reports as a violation. No JIT, no probe.
 */
import { z } from 'zod';

z.config({ jitless: true });
