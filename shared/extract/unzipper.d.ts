// unzipper ships no types; only its Parse is touched (zip-end.ts), through the shape declared there.
declare module 'unzipper' {
  const unzipper: { Parse: (opts?: unknown) => never };
  export default unzipper;
}
