// Stands in for antd's Typography editor (see vite.config.ts): this app never makes text
// editable, and the real editor would bring antd's TextArea and form library into the first
// download. Rendering it anyway is a programming error, so it says so loudly.
export default function TypographyEditorUnavailable(): never {
  throw new Error('Typography `editable` is not bundled in this app (vite.config.ts)');
}
