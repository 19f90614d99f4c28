// git-url-parse ships no types; the fields PlaceholderProcessor also reads.
declare module 'git-url-parse' {
  interface GitUrl {
    resource: string;
    owner: string;
    name: string;
    full_name: string;
    filepath: string;
  }
  function parseGitUrl(url: string): GitUrl;
  export default parseGitUrl;
}
