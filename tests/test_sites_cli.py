"""cleaner --site-aware and --site-profiles: the same records with workers or without,
after a kill -9 and --resume, and when the profiles are reused; bad profiles files stop the
run with a clear error before any page."""

import json

from test_cli import by_id, killed_midway_jsonl, records, run
from test_sites import WIDGET, article


def site(tmp_path, n=4):
    folder = tmp_path / "site"
    folder.mkdir()
    for i in range(n):
        (folder / f"a{i:03d}.html").write_text(article(i % 4))
    return folder


def test_site_aware_drops_the_widget_with_and_without_workers(tmp_path):
    folder = site(tmp_path)
    plain = by_id(records(run(folder, "-w", "0").stdout))
    assert all(WIDGET in r["text"] for r in plain.values())
    inline = run(folder, "-w", "0", "--site-aware")
    assert inline.returncode == 0, inline.stderr
    assert "site profiles: 1 hosts learned" in inline.stderr.decode()
    aware = by_id(records(inline.stdout))
    assert aware.keys() == plain.keys()
    assert all(WIDGET not in r["text"] and r["text"] for r in aware.values())
    assert by_id(records(run(folder, "-w", "2", "--site-aware").stdout)) == aware


def test_site_profiles_are_saved_then_reused(tmp_path):
    folder = site(tmp_path)
    profiles = tmp_path / "sites.json"
    first = run(folder, "-w", "0", "--site-aware", "--site-profiles", profiles)
    assert first.returncode == 0 and profiles.exists()
    assert "harbour.example" in json.loads(profiles.read_text())["hosts"]
    again = run(folder, "-w", "0", "--site-aware", "--site-profiles", profiles)
    assert "from " + str(profiles) in again.stderr.decode()      # not learned again
    assert records(again.stdout) == records(first.stdout)
    # a second dump of the same site, cleaned with the profiles of the first
    other = tmp_path / "other"
    other.mkdir()
    (other / "b.html").write_text(article(2))
    one = records(run(other, "-w", "0", "--site-aware", "--site-profiles", profiles).stdout)
    assert WIDGET not in one[0]["text"]


def test_kill_9_then_resume_with_site_profiles_equals_an_uninterrupted_run(tmp_path):
    n = 120
    folder = site(tmp_path, n)
    out = tmp_path / "out.jsonl"
    profiles = tmp_path / "sites.json"
    args = [folder, "--workers", "2", "--chunk-size", "2", "--output-jsonl", out,
            "--site-aware", "--site-profiles", profiles]
    killed_midway_jsonl(args, out, n)
    resumed = run(*args, "--resume", hooks=True)
    assert resumed.returncode == 0, resumed.stderr
    assert "site profiles: 1 hosts, from" in resumed.stderr.decode()
    run(folder, "--workers", "2", "--output-jsonl", tmp_path / "full.jsonl",
               "--site-aware", hooks=True)
    expected = by_id(records(tmp_path / "full.jsonl"))
    assert by_id(records(out)) == expected
    assert all(WIDGET not in r["text"] for r in expected.values())


def test_bad_profiles_files_stop_the_run_with_a_clear_error(tmp_path):
    folder = site(tmp_path)
    bad = tmp_path / "bad.json"
    for content, message in (
            ('{"format": "cleaner-site-profiles", "version": 99, "hosts": {}}', "version 99"),
            ('{"format": "cleaner-site-profiles", "vers', "not valid JSON"),
            ("", "not valid JSON")):
        bad.write_text(content)
        res = run(folder, "--site-aware", "--site-profiles", bad)
        err = res.stderr.decode()
        assert res.returncode == 2 and message in err and "Traceback" not in err
    res = run(folder, "--site-profiles", bad)
    assert res.returncode == 2 and "goes with --site-aware" in res.stderr.decode()
