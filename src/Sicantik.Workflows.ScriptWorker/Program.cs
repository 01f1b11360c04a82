using System.Text;
using Sicantik.Workflows.Expressions;

// Reads one request per line on stdin and answers one line on stdout until stdin closes (the host went away).
var options = ScriptWorkerLoop.ParseArguments(args);
using var input = new StreamReader(Console.OpenStandardInput(), new UTF8Encoding(false));
using var output = new StreamWriter(Console.OpenStandardOutput(), new UTF8Encoding(false)) { AutoFlush = true };
return ScriptWorkerLoop.Run(input, output, options);
