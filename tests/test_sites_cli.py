"""cleaner --site-aware and --site-profiles: the same records with workers or without,
after a kill -9 and --resume, and when the profiles are reused; bad profiles files stop the
run with a clear error before any page."""

import json
from collections import Counter
from pathlib import Path

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


def test_verbose_names_the_profile_each_page_was_cleaned_with(tmp_path):
    folder = site(tmp_path)
    (folder / "other.html").write_text(article(1, host="other.example"))
    res = run(folder, "-w", "0", "--site-aware", "-v")
    err = res.stderr.decode()
    assert res.returncode == 0, err
    assert "a000.html: site profile harbour.example" in err
    assert "other.html: no site profile (host other.example)" in err
    plain = run(folder, "-w", "0", "-v").stderr.decode()
    assert "site profile" not in plain
    # the records are those of a run without -v
    assert records(res.stdout) == records(run(folder, "-w", "0", "--site-aware").stdout)


def test_a_run_killed_while_learning_goes_on_from_the_saved_state(tmp_path, monkeypatch):
    import pytest

    from cleaner import sites
    from cleaner.batch import runner
    from cleaner.batch.inputs import pages, plan
    from cleaner.batch.records import Settings

    folder = site(tmp_path, 12)
    profiles = tmp_path / "sites.json"
    state = f"{profiles}.learning"
    inputs = [str(folder.resolve())]

    def stream():
        return pages(plan([str(folder)], Settings()), Settings(), None, Counter())

    def killed(it, after):
        for n, page in enumerate(it):
            if n == after:
                raise KeyboardInterrupt        # the state on disk is all that is left
            yield page

    monkeypatch.setattr(runner, "LEARN_SAVE_SECONDS", 0.0)
    monkeypatch.setattr(runner, "LEARN_SAVE_COST", 0.0)
    with pytest.raises(KeyboardInterrupt):
        runner.learn(killed(stream(), 7), runner.Job(), None, state, inputs)
    _, position = sites.load_state(state, inputs)
    assert position == 6
    learned = []
    add = sites.Learner.add
    monkeypatch.setattr(sites.Learner, "add",
                        lambda self, html, url=None: learned.append(1) or add(self, html, url))
    again = runner.learn(stream(), runner.Job(), None, state, inputs)
    assert len(learned) == 12 - 6                       # not learned again from the start
    monkeypatch.undo()
    whole = runner.learn(stream(), runner.Job())
    assert sites.to_json(again) == sites.to_json(whole)
    # the command line takes the state left beside --site-profiles, then removes it
    monkeypatch.setattr(runner, "LEARN_SAVE_SECONDS", 0.0)
    monkeypatch.setattr(runner, "LEARN_SAVE_COST", 0.0)
    Path(state).unlink()
    with pytest.raises(KeyboardInterrupt):
        runner.learn(killed(stream(), 7), runner.Job(), None, state, inputs)
    res = run(folder, "-w", "0", "--site-aware", "--site-profiles", profiles)
    assert "learning goes on after 6 pages" in res.stderr.decode()
    assert not Path(state).exists() and profiles.exists()
    assert records(res.stdout) == records(run(folder, "-w", "0", "--site-aware").stdout)
    # a state of other inputs is not taken
    sites.save_state(sites.Learner(), state, 3, ["/elsewhere"])
    profiles.unlink()
    res = run(folder, "-w", "0", "--site-aware", "--site-profiles", profiles)
    assert "learning from the start (the learning state is of other inputs)" in (
        res.stderr.decode())
