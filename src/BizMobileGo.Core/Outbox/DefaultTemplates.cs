namespace BizMobileGo.Core.Outbox
{
    /// <summary>
    /// The built-in English and Japanese check-in emails (CheckInEmailTemplate fills the placeholders). The body names the
    /// device by {{Device}}, not "{{DisplayName}} ({{Identifier}})": a device without a DisplayName of its own would read "ipad-3 (ipad-3)".
    /// </summary>
    internal static class DefaultTemplates
    {
        public const string EnglishSubject = "Check in your device {{DisplayName}}";

        public const string EnglishText =
            "Hello {{Name}},\r\n\r\n" +
            "Your device {{Device}} is registered with BizMobileGo and waits for its check-in.\r\n\r\n" +
            "Check-in code: {{Code}}\r\n" +
            "Check in at:   {{CheckInUrl}}\r\n" +
            "Check in by:   {{Deadline}}\r\n\r\n" +
            "If you did not expect this email, tell your administrator and do not use the code.\r\n";

        public const string EnglishHtml =
            "<!DOCTYPE html>\r\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>Check in your device</title></head><body>\r\n" +
            "<p>Hello {{Name}},</p>\r\n" +
            "<p>Your device <b>{{Device}}</b> is registered with BizMobileGo and waits for its check-in.</p>\r\n" +
            "<table>\r\n" +
            "<tr><td>Check-in code</td><td><b>{{Code}}</b></td></tr>\r\n" +
            "<tr><td>Check in at</td><td><a href=\"{{CheckInUrl}}\">{{CheckInUrl}}</a></td></tr>\r\n" +
            "<tr><td>Check in by</td><td>{{Deadline}}</td></tr>\r\n" +
            "</table>\r\n" +
            "<p>If you did not expect this email, tell your administrator and do not use the code.</p>\r\n" +
            "</body></html>\r\n";

        public const string JapaneseSubject = "端末「{{DisplayName}}」のチェックインのお願い";

        public const string JapaneseText =
            "{{Name}} 様\r\n\r\n" +
            "端末「{{Device}}」が BizMobileGo に登録されました。チェックインをお願いします。\r\n\r\n" +
            "チェックインコード: {{Code}}\r\n" +
            "チェックイン URL:   {{CheckInUrl}}\r\n" +
            "チェックイン期限:   {{Deadline}}\r\n\r\n" +
            "このメールにお心当たりがない場合は、コードを使わずに管理者にご連絡ください。\r\n";

        public const string JapaneseHtml =
            "<!DOCTYPE html>\r\n<html lang=\"ja\"><head><meta charset=\"utf-8\"><title>チェックインのお願い</title></head><body>\r\n" +
            "<p>{{Name}} 様</p>\r\n" +
            "<p>端末「<b>{{Device}}</b>」が BizMobileGo に登録されました。チェックインをお願いします。</p>\r\n" +
            "<table>\r\n" +
            "<tr><td>チェックインコード</td><td><b>{{Code}}</b></td></tr>\r\n" +
            "<tr><td>チェックイン URL</td><td><a href=\"{{CheckInUrl}}\">{{CheckInUrl}}</a></td></tr>\r\n" +
            "<tr><td>チェックイン期限</td><td>{{Deadline}}</td></tr>\r\n" +
            "</table>\r\n" +
            "<p>このメールにお心当たりがない場合は、コードを使わずに管理者にご連絡ください。</p>\r\n" +
            "</body></html>\r\n";
    }
}
