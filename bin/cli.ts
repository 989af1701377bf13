export async function main(argv: string[]): Promise<number> {
  console.log("hcinet", argv.join(" "));
  return 0;
}
