pub mod bot;
pub mod db;
pub mod stories;
pub mod webdriver;
