// The package ships no types; its output is typed where it is used (prometheus-text.ts).
declare module 'parse-prometheus-text-format' {
  export default function parsePrometheusTextFormat(text: string): unknown[];
}
