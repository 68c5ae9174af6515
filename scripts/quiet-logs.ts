// Imported first by the command-line tools: their stdout carries one JSON document, so the handlers'
// structured logs (which write to stdout) stay off. It must run before any module builds the logger.
process.env.POWERTOOLS_LOG_LEVEL ??= 'SILENT';
