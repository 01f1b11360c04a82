using Microsoft.AspNetCore.Mvc.ViewFeatures;

namespace Sicantik.Web.Pages;

/// <summary>One-time messages carried across a redirect (post, redirect, get).</summary>
public static class Flash
{
    public const string SuccessKey = "flash-success";
    public const string ErrorKey = "flash-error";

    public static void Success(this ITempDataDictionary tempData, string message)
    {
        ArgumentNullException.ThrowIfNull(tempData);
        tempData[SuccessKey] = message;
    }

    public static void Error(this ITempDataDictionary tempData, string message)
    {
        ArgumentNullException.ThrowIfNull(tempData);
        tempData[ErrorKey] = message;
    }
}
