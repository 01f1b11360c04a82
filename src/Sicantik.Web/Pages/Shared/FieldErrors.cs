namespace Sicantik.Web.Pages;

/// <summary>Messages per form field, as the domain and the account rules report them.</summary>
public sealed class FieldErrors
{
    private readonly Dictionary<string, List<string>> _errors = new(StringComparer.OrdinalIgnoreCase);

    public bool Any => _errors.Count > 0;

    public void Add(string key, string message)
    {
        if (!_errors.TryGetValue(key, out var list))
        {
            _errors[key] = list = [];
        }

        list.Add(message);
    }

    public void AddRange(IEnumerable<KeyValuePair<string, string[]>>? errors)
    {
        foreach (var (key, messages) in errors ?? [])
        {
            foreach (var message in messages)
            {
                Add(key, message);
            }
        }
    }

    public IReadOnlyList<string>? For(string key) => _errors.GetValueOrDefault(key);

    /// <summary>"is-invalid" when the field has a message, for Bootstrap's styles.</summary>
    public string Css(string key) => _errors.ContainsKey(key) ? "is-invalid" : string.Empty;

    /// <summary>Every message whose field is not one of <paramref name="shown"/>.</summary>
    public IEnumerable<string> Others(IEnumerable<string> shown)
    {
        var known = shown.ToHashSet(StringComparer.OrdinalIgnoreCase);
        return _errors.Where(e => !known.Contains(e.Key)).SelectMany(e => e.Value);
    }
}

/// <summary>The survey's questions with what was answered so far and the messages per element.</summary>
/// <param name="Answers">The ratings given, by element (<c>u1</c>..<c>u9</c>).</param>
/// <param name="Errors">Messages by element.</param>
/// <param name="Touch">Large buttons for the counter's touch screen.</param>
public sealed record SkmQuestionsView(IReadOnlyDictionary<string, int> Answers, FieldErrors Errors, bool Touch);
