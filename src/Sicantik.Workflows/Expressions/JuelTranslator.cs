using System.Globalization;
using System.Text;
using Sicantik.Workflows.Resources;

namespace Sicantik.Workflows.Expressions;

/// <summary>
/// Translates a JUEL expression into one JavaScript expression, collecting the free variables it reads and
/// refusing everything that is not a pure expression.
/// </summary>
internal static class JuelTranslator
{
    // Words that could reach code or an object's prototype chain: refused wherever they appear, also after a dot.
    private static readonly HashSet<string> ForbiddenWords = new(StringComparer.Ordinal)
    {
        "function", "new", "this", "eval", "import", "while", "for", "class", "constructor", "__proto__", "prototype",
    };

    // JavaScript words that cannot name a variable (a parameter of the compiled function) in strict mode.
    private static readonly HashSet<string> ReservedWords = new(StringComparer.Ordinal)
    {
        "arguments", "await", "break", "case", "catch", "const", "continue", "debugger", "default", "delete", "do",
        "else", "enum", "export", "extends", "finally", "if", "implements", "in", "instanceof", "interface", "let",
        "package", "private", "protected", "public", "return", "static", "super", "switch", "throw", "try",
        "typeof", "var", "void", "with", "yield",
    };

    private static readonly Dictionary<string, string> WordOperators = new(StringComparer.Ordinal)
    {
        ["and"] = "&&",
        ["or"] = "||",
        ["not"] = "!",
        ["eq"] = "==",
        ["ne"] = "!=",
        ["lt"] = "<",
        ["gt"] = ">",
        ["le"] = "<=",
        ["ge"] = ">=",
        ["div"] = "/",
        ["mod"] = "%",
        ["empty"] = "empty",
    };

    internal enum TokenKind
    {
        End,
        Number,
        String,
        Identifier,
        Operator,
    }

    /// <summary>The translated expression and its free variables, in order of first use.</summary>
    internal sealed record Translation(string JavaScript, string[] Identifiers);

    /// <summary>A token; <paramref name="Text"/> is the canonical form (the decoded value of a string).</summary>
    internal readonly record struct Token(TokenKind Kind, string Text, string Source, int Position);

    /// <summary>Translates an expression, with or without the surrounding <c>${ }</c> or <c>#{ }</c>.</summary>
    /// <exception cref="JuelSyntaxException">The expression is not valid or not allowed.</exception>
    public static Translation Translate(string expression)
    {
        var (body, offset) = Unwrap(expression);
        if (body.Length == 0)
        {
            throw new JuelSyntaxException(new LocalizedReason(ExpressionText.Empty));
        }

        var tokens = Tokenize(body, offset);
        var parser = new Parser(tokens);
        return parser.ParseAll();
    }

    private static (string Body, int Offset) Unwrap(string expression)
    {
        var start = 0;
        var end = expression.Length;
        while (start < end && char.IsWhiteSpace(expression[start]))
        {
            start++;
        }

        while (end > start && char.IsWhiteSpace(expression[end - 1]))
        {
            end--;
        }

        if (end - start >= 3 && (expression[start] == '$' || expression[start] == '#') && expression[start + 1] == '{' && expression[end - 1] == '}')
        {
            start += 2;
            end--;
        }

        while (start < end && char.IsWhiteSpace(expression[start]))
        {
            start++;
        }

        while (end > start && char.IsWhiteSpace(expression[end - 1]))
        {
            end--;
        }

        return (expression[start..end], start);
    }

    private static List<Token> Tokenize(string body, int offset)
    {
        var tokens = new List<Token>();
        var i = 0;
        while (i < body.Length)
        {
            var c = body[i];
            var position = offset + i + 1;
            if (char.IsWhiteSpace(c))
            {
                i++;
                continue;
            }

            if (c is '\'' or '"')
            {
                i = ReadString(body, i, position, tokens);
                continue;
            }

            if (char.IsAsciiDigit(c) || (c == '.' && i + 1 < body.Length && char.IsAsciiDigit(body[i + 1]) && !EndsValue(tokens)))
            {
                i = ReadNumber(body, i, position, tokens);
                continue;
            }

            if (IsIdentifierStart(c))
            {
                var start = i;
                while (i < body.Length && IsIdentifierPart(body[i]))
                {
                    i++;
                }

                var word = body[start..i];
                if (ForbiddenWords.Contains(word) || word.StartsWith("__", StringComparison.Ordinal))
                {
                    throw Forbidden(word);
                }

                var afterDot = tokens.Count > 0 && tokens[^1] is { Kind: TokenKind.Operator, Text: "." };
                if (!afterDot && word == "instanceof")
                {
                    throw Forbidden(word);
                }

                tokens.Add(!afterDot && WordOperators.TryGetValue(word, out var op)
                    ? new Token(TokenKind.Operator, op, word, position)
                    : new Token(TokenKind.Identifier, word, word, position));
                continue;
            }

            var next = i + 1 < body.Length ? body[i + 1] : '\0';
            var afterNext = i + 2 < body.Length ? body[i + 2] : '\0';
            string symbol;
            switch (c)
            {
                case '`':
                case ';':
                case '{':
                case '}':
                    throw Forbidden(c.ToString());
                case '=' when next == '>':
                    throw Forbidden("=>");
                case '=' when next == '=' && afterNext == '=':
                    throw Forbidden("===");
                case '=' when next == '=':
                    symbol = "==";
                    break;
                case '=':
                    throw new JuelSyntaxException(new LocalizedReason(ExpressionText.ForbiddenAssignment, position));
                case '!' when next == '=' && afterNext == '=':
                    throw Forbidden("!==");
                case '!' when next == '=':
                    symbol = "!=";
                    break;
                case '<' when next == '=':
                    symbol = "<=";
                    break;
                case '>' when next == '=':
                    symbol = ">=";
                    break;
                case '&' when next == '&':
                    symbol = "&&";
                    break;
                case '|' when next == '|':
                    symbol = "||";
                    break;
                case '!' or '<' or '>' or '+' or '-' or '*' or '/' or '%' or '?' or ':' or '.' or '[' or ']' or '(' or ')' or ',':
                    symbol = c.ToString();
                    break;
                default:
                    throw Syntax(new LocalizedReason(ExpressionText.UnknownCharacter, c, position));
            }

            tokens.Add(new Token(TokenKind.Operator, symbol, symbol, position));
            i += symbol.Length;
        }

        tokens.Add(new Token(TokenKind.End, string.Empty, string.Empty, offset + body.Length + 1));
        return tokens;
    }

    private static int ReadString(string body, int start, int position, List<Token> tokens)
    {
        var quote = body[start];
        var value = new StringBuilder();
        var i = start + 1;
        while (i < body.Length)
        {
            var c = body[i];
            if (c == '\\' && i + 1 < body.Length && body[i + 1] is '\\' or '\'' or '"')
            {
                // JUEL escapes only the backslash and the quotes; any other backslash is itself.
                value.Append(body[i + 1]);
                i += 2;
                continue;
            }

            if (c == quote)
            {
                tokens.Add(new Token(TokenKind.String, value.ToString(), body[start..(i + 1)], position));
                return i + 1;
            }

            value.Append(c);
            i++;
        }

        throw Syntax(new LocalizedReason(ExpressionText.UnterminatedString, position));
    }

    private static int ReadNumber(string body, int start, int position, List<Token> tokens)
    {
        var i = start;
        while (i < body.Length && char.IsAsciiDigit(body[i]))
        {
            i++;
        }

        if (i + 1 < body.Length && body[i] == '.' && char.IsAsciiDigit(body[i + 1]))
        {
            i++;
            while (i < body.Length && char.IsAsciiDigit(body[i]))
            {
                i++;
            }
        }

        if (i < body.Length && body[i] is 'e' or 'E')
        {
            var exponent = i + 1;
            if (exponent < body.Length && body[exponent] is '+' or '-')
            {
                exponent++;
            }

            if (exponent < body.Length && char.IsAsciiDigit(body[exponent]))
            {
                i = exponent;
                while (i < body.Length && char.IsAsciiDigit(body[i]))
                {
                    i++;
                }
            }
        }

        var text = body[start..i];
        tokens.Add(new Token(TokenKind.Number, text[0] == '.' ? "0" + text : text, text, position));
        return i;
    }

    private static bool EndsValue(List<Token> tokens) =>
        tokens.Count > 0 && tokens[^1] is { Kind: TokenKind.Identifier or TokenKind.Number or TokenKind.String } or { Kind: TokenKind.Operator, Text: ")" or "]" };

    private static bool IsIdentifierStart(char c) => char.IsLetter(c) || c is '_' or '$';

    private static bool IsIdentifierPart(char c) => char.IsLetterOrDigit(c) || c is '_' or '$';

    private static JuelSyntaxException Forbidden(string construct) =>
        new(new LocalizedReason(ExpressionText.Forbidden, construct));

    private static JuelSyntaxException Syntax(LocalizedReason detail) =>
        new(new LocalizedReason(ExpressionText.Syntax, detail));

    /// <summary>Recursive descent over JUEL's grammar, emitting fully parenthesized JavaScript.</summary>
    private sealed class Parser(List<Token> tokens)
    {
        // Each level of parentheses, brackets, conditionals and prefix operators is a few frames of this parser and
        // of the JavaScript parser after it; a bound keeps a hostile expression from overflowing the stack.
        private const int MaxNesting = 64;

        // Binary operators by JUEL precedence, loosest first.
        private static readonly string[][] Levels =
        [
            ["||"],
            ["&&"],
            ["==", "!="],
            ["<", ">", "<=", ">="],
            ["+", "-"],
            ["*", "/", "%"],
        ];

        private readonly List<string> _identifiers = [];
        private int _index;
        private int _depth;

        private Token Current => tokens[_index];

        public Translation ParseAll()
        {
            var javaScript = ParseConditional();
            if (Current.Kind != TokenKind.End)
            {
                throw Unexpected();
            }

            return new Translation(javaScript, [.. _identifiers]);
        }

        private string ParseConditional()
        {
            Enter();
            var condition = ParseBinary(0);
            if (!Accept("?"))
            {
                _depth--;
                return condition;
            }

            var whenTrue = ParseConditional();
            Expect(":");
            var whenFalse = ParseConditional();
            _depth--;
            return $"({condition} ? {whenTrue} : {whenFalse})";
        }

        private void Enter()
        {
            if (++_depth > MaxNesting)
            {
                throw new JuelSyntaxException(new LocalizedReason(ExpressionText.NestingTooDeepAt, MaxNesting, Current.Position));
            }
        }

        private string ParseBinary(int level)
        {
            if (level == Levels.Length)
            {
                return ParseUnary();
            }

            var left = ParseBinary(level + 1);
            while (Current.Kind == TokenKind.Operator && Array.IndexOf(Levels[level], Current.Text) >= 0)
            {
                var op = Current.Text;
                _index++;
                var right = ParseBinary(level + 1);

                // JUEL's and/or yield booleans, where JavaScript's would yield an operand.
                left = op is "&&" or "||" ? $"(!!{left} {op} !!{right})" : $"({left} {op} {right})";
            }

            return left;
        }

        private string ParseUnary()
        {
            var prefix = Current.Kind == TokenKind.Operator && Current.Text is "!" or "-" or "empty" ? Current.Text : null;
            if (prefix is null)
            {
                return ParseValue();
            }

            Enter();
            _index++;
            var operand = ParseUnary();
            _depth--;
            return prefix == "empty" ? $"__empty({operand})" : $"({prefix}{operand})";
        }

        private string ParseValue()
        {
            var value = ParsePrimary();
            while (true)
            {
                if (Accept("."))
                {
                    if (Current.Kind != TokenKind.Identifier)
                    {
                        throw Unexpected();
                    }

                    // Optional chaining: a property of null is null in JUEL, an error in JavaScript.
                    value = $"{value}?.{Current.Text}";
                    _index++;
                }
                else if (Accept("["))
                {
                    var index = ParseConditional();
                    Expect("]");
                    value = $"{value}?.[{index}]";
                }
                else if (Current is { Kind: TokenKind.Operator, Text: "(" })
                {
                    throw new JuelSyntaxException(new LocalizedReason(ExpressionText.ForbiddenCall, Current.Position));
                }
                else
                {
                    return value;
                }
            }
        }

        private string ParsePrimary()
        {
            var token = Current;
            switch (token.Kind)
            {
                case TokenKind.Number:
                    _index++;
                    return $"({token.Text})";
                case TokenKind.String:
                    _index++;
                    return Quote(token.Text);
                case TokenKind.Identifier:
                    _index++;
                    if (token.Text is "true" or "false" or "null")
                    {
                        return token.Text;
                    }

                    if (ReservedWords.Contains(token.Text))
                    {
                        throw Forbidden(token.Text);
                    }

                    if (!_identifiers.Contains(token.Text))
                    {
                        _identifiers.Add(token.Text);
                    }

                    return token.Text;
                case TokenKind.Operator when token.Text == "(":
                    _index++;
                    var inner = ParseConditional();
                    Expect(")");
                    return $"({inner})";
                default:
                    throw Unexpected();
            }
        }

        private bool Accept(string op)
        {
            if (Current.Kind == TokenKind.Operator && Current.Text == op)
            {
                _index++;
                return true;
            }

            return false;
        }

        private void Expect(string op)
        {
            if (!Accept(op))
            {
                throw Current.Kind == TokenKind.End
                    ? Unexpected()
                    : Syntax(new LocalizedReason(ExpressionText.ExpectedToken, op, Current.Position, Current.Source));
            }
        }

        private JuelSyntaxException Unexpected() =>
            Syntax(Current.Kind == TokenKind.End
                ? new LocalizedReason(ExpressionText.UnexpectedEnd)
                : new LocalizedReason(ExpressionText.UnexpectedToken, Current.Source, Current.Position));

        private static string Quote(string value)
        {
            var builder = new StringBuilder(value.Length + 2).Append('"');
            foreach (var c in value)
            {
                switch (c)
                {
                    case '"':
                        builder.Append("\\\"");
                        break;
                    case '\\':
                        builder.Append("\\\\");
                        break;
                    case < ' ' or '\u2028' or '\u2029':
                        builder.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                        break;
                    default:
                        builder.Append(c);
                        break;
                }
            }

            return builder.Append('"').ToString();
        }
    }
}
